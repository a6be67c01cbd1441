using Cappy.Scorer.Synthetic;

namespace Cappy.IntegrationTests.Bench;

/// <summary>
/// One <c>bench scorer</c> run on the two-layer synthetic model with the smallest workload, shared by the tests
/// that check its output. It starts on first use, after the test has checked that the shared files exist.
/// </summary>
public sealed class TinyBenchFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-bench-test-").FullName;
    private readonly Lock _gate = new();
    private Task<string>? _model;
    private Task<BenchRun>? _run;
    private Task<BenchRun>? _int8Run;

    public string JsonPath => Path.Combine(_directory, "out", "bench.json");

    /// <summary>Cache directory of the <c>--int8</c> run, which writes its quantized copy there.</summary>
    public string CacheDirectory => Path.Combine(_directory, "cache");

    internal Task<BenchRun> GetRunAsync(string vocabulary, string merges, string candidates)
    {
        lock (_gate)
        {
            return _run ??= StartAsync(vocabulary, merges, candidates);
        }
    }

    /// <summary>A second run with <c>--int8</c> and the same small workload.</summary>
    internal Task<BenchRun> GetInt8RunAsync(string vocabulary, string merges, string candidates)
    {
        lock (_gate)
        {
            return _int8Run ??= StartInt8Async(vocabulary, merges, candidates);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<string> GetModelAsync(string vocabulary, string merges)
    {
        lock (_gate)
        {
            return _model ??= Task.Run(() =>
            {
                var model = Path.Combine(_directory, "tiny-model");
                RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, model, vocabulary, merges);
                return model;
            });
        }
    }

    private async Task<BenchRun> StartInt8Async(string vocabulary, string merges, string candidates)
    {
        var model = await GetModelAsync(vocabulary, merges);
        var jsonPath = Path.Combine(_directory, "int8", "bench.json");
        return await BenchProcess.RunAsync(
            jsonPath,
            "--model", model,
            "--int8",
            "--cache-dir", CacheDirectory,
            "--device", "cpu",
            "--candidates", candidates,
            "--json", jsonPath,
            "--requests", "1",
            "--pad-requests", "1");
    }

    private async Task<BenchRun> StartAsync(string vocabulary, string merges, string candidates)
    {
        var model = await GetModelAsync(vocabulary, merges);
        return await BenchProcess.RunAsync(
            JsonPath,
            "--model", model,
            "--device", "cpu",
            "--candidates", candidates,
            "--json", JsonPath,
            "--requests", "1",
            "--pad-requests", "1",
            "--graph-optimization", "basic",
            "--intra-op-threads", "1",
            "--memory-arena", "off");
    }
}
