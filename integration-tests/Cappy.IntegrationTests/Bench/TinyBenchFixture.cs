using Cappy.Scorer.Synthetic;
using Cappy.Testing;

namespace Cappy.IntegrationTests.Bench;

/// <summary>
/// One <c>bench scorer</c> run on the two-layer synthetic model with the smallest workload, shared by the tests
/// that check its output. It starts on first use, after the test has checked that the shared files exist.
/// </summary>
public sealed class TinyBenchFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-bench-test-").FullName;
    private readonly Lock _gate = new();
    private Task<BenchRun>? _run;

    public string JsonPath => Path.Combine(_directory, "out", "bench.json");

    internal Task<BenchRun> GetRunAsync(string vocabulary, string merges, string candidates)
    {
        lock (_gate)
        {
            return _run ??= StartAsync(vocabulary, merges, candidates);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<BenchRun> StartAsync(string vocabulary, string merges, string candidates)
    {
        var model = Path.Combine(_directory, "tiny-model");
        RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, model, vocabulary, merges);
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
