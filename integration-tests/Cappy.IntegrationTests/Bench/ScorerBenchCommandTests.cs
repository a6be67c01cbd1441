using System.Text.Json.Nodes;
using System.Xml.Linq;
using Cappy.Testing;
using Xunit;

namespace Cappy.IntegrationTests.Bench;

public sealed class ScorerBenchCommandTests : IClassFixture<TinyBenchFixture>
{
    private static readonly string[] NumericFields =
    [
        "pipeline_vs_raw_ratio", "dynamic_vs_pad512_ratio", "batched_vs_sequential_ratio", "gflops",
        "gflops_percent_of_matmul", "matmul_gflops", "pairs_per_s_c1", "pairs_per_s_c4", "pairs_per_s_c16",
        "tokens_per_s_c1", "tokens_per_s_c4", "tokens_per_s_c16", "peak_working_set_mb",
    ];

    private static readonly string[] PositiveFigures =
    [
        "pipeline_vs_raw_ratio", "dynamic_vs_pad512_ratio", "batched_vs_sequential_ratio", "gflops", "gflops_percent_of_matmul",
    ];

    private readonly TinyBenchFixture _fixture;

    public ScorerBenchCommandTests(TinyBenchFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task TinyModel_ExitsZero()
    {
        var run = await RunAsync();

        Assert.True(run.ExitCode == 0, $"bench scorer exited with {run.ExitCode}: {run.StandardError}");
    }

    [SkippableFact]
    public async Task TinyModel_JsonHasEveryField()
    {
        var json = RequireJson(await RunAsync());

        foreach (var field in NumericFields)
        {
            var value = Assert.IsAssignableFrom<JsonValue>(json[field]);
            Assert.True(value.TryGetValue<double>(out _), $"field {field} is not a number: {value.ToJsonString()}");
        }

        Assert.Equal("cpu", json["device"]?.GetValue<string>());
    }

    [SkippableFact]
    public async Task TinyModel_FiguresFiniteAndPositive()
    {
        var json = RequireJson(await RunAsync());

        foreach (var field in PositiveFigures)
        {
            var value = json[field]!.GetValue<double>();
            Assert.True(double.IsFinite(value), $"{field} = {value}, expected a finite number");
            Assert.True(value > 0, $"{field} = {value}, expected a positive number");
        }
    }

    [SkippableFact]
    public async Task TinyModel_RecordsSettings()
    {
        var settings = RequireJson(await RunAsync())["settings"]!.AsObject();

        Assert.Equal("basic", settings["graph_optimization"]!.GetValue<string>());
        Assert.Equal(1, settings["intra_op_threads"]!.GetValue<int>());
        Assert.False(settings["memory_arena"]!.GetValue<bool>());
        Assert.Equal(1, settings["requests_per_client"]!.GetValue<int>());
        Assert.Equal(1, settings["pad_requests"]!.GetValue<int>());
        Assert.Equal(512, settings["pad_length"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task TinyModel_PhasesCountEveryPair()
    {
        var phases = RequireJson(await RunAsync())["phases"]!.AsArray().Select(phase => phase!.AsObject()).ToDictionary(phase => phase["name"]!.GetValue<string>());

        // --requests 1: the phase at C concurrent requests sends C requests of 8 candidates.
        Assert.Equal(8, phases["pipeline_c1"]["pairs"]!.GetValue<int>());
        Assert.Equal(32, phases["pipeline_c4"]["pairs"]!.GetValue<int>());
        Assert.Equal(128, phases["pipeline_c16"]["pairs"]!.GetValue<int>());
        Assert.Equal(128, phases["sequential"]["pairs"]!.GetValue<int>());
        Assert.Equal(8, phases["bare_replay"]["pairs"]!.GetValue<int>());
        Assert.Equal(8, phases["pad_to_max_length"]["pairs"]!.GetValue<int>());
        Assert.Equal(8 * 512, phases["pad_to_max_length"]["padded_tokens"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task TinyModel_PrintsTable()
    {
        var output = (await RunAsync()).StandardOutput;

        Assert.Contains("pairs/s", output, StringComparison.Ordinal);
        Assert.Contains("pipeline, 16 concurrent requests", output, StringComparison.Ordinal);
        Assert.Contains("dynamic padding / padding to 512", output, StringComparison.Ordinal);
        Assert.Contains("FLOPs per row = 2 × P × n + 4 × L × H × n²", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TinyModel_ReportsProgressPerPhase()
    {
        var errors = (await RunAsync()).StandardError;

        var phaseStarts = errors.Split('\n').Count(line => line.Contains("time left, estimated", StringComparison.Ordinal));
        Assert.Equal(7, phaseStarts);
    }

    [SkippableFact]
    public async Task TinyModel_WritesSvgBarChart()
    {
        var run = await RunAsync();
        Assert.NotNull(run.Svg);

        var svg = XDocument.Parse(run.Svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);

        // A white background and one bar per concurrency plus the one-request-per-batch bar.
        Assert.Equal(5, svg.Descendants(ns + "rect").Count());
    }

    [SkippableFact]
    public async Task Int8_QuantizesIntoCacheDirectory()
    {
        var json = RequireJson(await _fixture.GetInt8RunAsync(
            SharedData.RequireFile("tokenizers/roberta-base/vocab.json"),
            SharedData.RequireFile("tokenizers/roberta-base/merges.txt"),
            SharedData.RequireFile("data/alpaca-candidates.jsonl")));

        Assert.True(json["settings"]!["int8"]!.GetValue<bool>());
        Assert.StartsWith(Path.Combine(_fixture.CacheDirectory, "int8-tiny-model-"), json["model_directory"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task MissingCandidatesFile_ExitsOneWithMessage()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cappy-missing-{Guid.NewGuid():N}.jsonl");

        var run = await BenchProcess.RunAsync(null, "--model", "unused-model-directory", "--candidates", missing, "--device", "cpu");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Candidates file not found: {missing}", run.StandardError, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task InvalidOverheadConcurrency_IsRejected()
    {
        var run = await BenchProcess.RunAsync(null, "--overhead-concurrency", "3");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--overhead-concurrency must be one of 1, 4, 16, got 3.", run.StandardError, StringComparison.Ordinal);
    }

    private Task<BenchRun> RunAsync() => _fixture.GetRunAsync(
        SharedData.RequireFile("tokenizers/roberta-base/vocab.json"),
        SharedData.RequireFile("tokenizers/roberta-base/merges.txt"),
        SharedData.RequireFile("data/alpaca-candidates.jsonl"));

    private static JsonObject RequireJson(BenchRun run)
    {
        Assert.True(run.Json is not null, $"no JSON file was written; exit code {run.ExitCode}: {run.StandardError}");
        return run.Json;
    }
}
