using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.Testing;
using Xunit;

namespace Cappy.IntegrationTests.Eval;

/// <summary><c>eval rerank</c> and <c>eval classify</c> run as users run them: the built executable with the embedded scorer.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class EvalCommandTests
{
    private const int Lines = 30;
    private const double Tolerance = 1e-9;

    private static readonly string[] Generators =
    [
        "gpt-3.5-turbo-0301", "claude-2", "Qwen-14B-Chat", "vicuna-7b", "gemma-2b-it", "pythia-12b-mix-sft",
        "minichat-3b", "Mixtral-8x7B-Instruct-v0.1_concise",
    ];

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [SkippableFact]
    public async Task Rerank_HeldOutAlpaca_WritesOutputs()
    {
        var lines = File.ReadLines(SharedData.RequireFile("data/alpaca-candidates.jsonl")).Take(Lines).ToArray();
        var directory = Directory.CreateTempSubdirectory("cappy-eval-");
        try
        {
            var data = Path.Combine(directory.FullName, "alpaca-30.jsonl");
            var json = Path.Combine(directory.FullName, "result.json");
            var chart = Path.Combine(directory.FullName, "result.png");
            await File.WriteAllLinesAsync(data, lines);

            // NOTE: the embedded model scores the 11 held-out lines (88 pairs) in under 15 s on 2 CPU cores.
            var run = await RunAsync("eval", "rerank", "--data", data, "--json", json, "--chart", chart, "--id-modulo", "3", "--id-remainder", "0", "--device", "cpu");

            var heldOut = lines.Select(line => JsonNode.Parse(line)!).Where(line => line["id"]!.GetValue<long>() % 3 == 0).ToArray();
            Assert.True(run.ExitCode == 0, $"eval rerank exited with {run.ExitCode}: {run.Errors}");
            Assert.StartsWith("| strategy | mean win_prob |", run.Output, StringComparison.Ordinal);
            Assert.Contains("| scorer | ", run.Output, StringComparison.Ordinal);
            Assert.Contains($"{heldOut.Length}/{heldOut.Length} examples scored (100 %)", run.Errors, StringComparison.Ordinal);
            AssertValidPng(chart);

            var result = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
            var strategies = result["strategies"]!.AsObject();
            Assert.Equal(11, heldOut.Length);
            Assert.Equal(heldOut.Length, result["examples"]!.GetValue<int>());
            Assert.Equal(["scorer", "random", "longest", "first", .. Generators, "oracle"], strategies.Select(pair => pair.Key));

            var candidates = heldOut.Select(line => line["candidates"]!.AsArray().Select(candidate => (
                Text: candidate!["output"]!.GetValue<string>(),
                WinProb: candidate["win_prob"]!.GetValue<double>())).ToArray()).ToArray();
            Assert.Equal(candidates.Average(answers => answers.Average(answer => answer.WinProb)), strategies["random"]!.GetValue<double>(), Tolerance);
            Assert.Equal(candidates.Average(answers => answers.Max(answer => answer.WinProb)), strategies["oracle"]!.GetValue<double>(), Tolerance);
            Assert.Equal(candidates.Average(answers => answers.MaxBy(answer => answer.Text.Length).WinProb), strategies["longest"]!.GetValue<double>(), Tolerance);
            Assert.Equal(candidates.Average(answers => answers[0].WinProb), strategies["first"]!.GetValue<double>(), Tolerance);
            Assert.InRange(strategies["scorer"]!.GetValue<double>(), 0, strategies["oracle"]!.GetValue<double>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Classify_ScoresDatasetsAndAverage()
    {
        // In "copy" the correct response repeats the instruction's sentence, which a sentence-similarity scorer
        // ranks first. In "unrelated" the correct response is the unrelated one, which it ranks last.
        string[] lines =
        [
            Line("copy", 0, "Repeat this sentence: the red train leaves the station at noon.", "The red train leaves the station at noon.", 1),
            Line("copy", 0, "Repeat this sentence: the red train leaves the station at noon.", "Bake the bread for forty minutes.", 0),
            Line("copy", 1, "Repeat this sentence: my grandmother grows tomatoes in her garden.", "Stock markets fell sharply on Monday.", 0),
            Line("copy", 1, "Repeat this sentence: my grandmother grows tomatoes in her garden.", "My grandmother grows tomatoes in her garden.", 1),
            Line("unrelated", 0, "Repeat this sentence: the red train leaves the station at noon.", "The red train leaves the station at noon.", 0),
            Line("unrelated", 0, "Repeat this sentence: the red train leaves the station at noon.", "Bake the bread for forty minutes.", 1),
        ];
        var directory = Directory.CreateTempSubdirectory("cappy-eval-");
        try
        {
            var data = Path.Combine(directory.FullName, "choices.jsonl");
            var json = Path.Combine(directory.FullName, "result.json");
            var chart = Path.Combine(directory.FullName, "result.png");
            await File.WriteAllLinesAsync(data, lines);

            var run = await RunAsync("eval", "classify", "--data", data, "--json", json, "--chart", chart, "--device", "cpu");

            Assert.True(run.ExitCode == 0, $"eval classify exited with {run.ExitCode}: {run.Errors}");
            Assert.StartsWith("| strategy | accuracy |", run.Output, StringComparison.Ordinal);
            AssertValidPng(chart);
            var result = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
            var strategies = result["strategies"]!.AsObject();
            Assert.Equal(3, result["examples"]!.GetValue<int>());
            Assert.Equal(["copy", "unrelated", "average"], strategies.Select(pair => pair.Key));
            Assert.Equal(1.0, strategies["copy"]!.GetValue<double>(), Tolerance);
            Assert.Equal(0.0, strategies["unrelated"]!.GetValue<double>(), Tolerance);
            Assert.Equal(0.5, strategies["average"]!.GetValue<double>(), Tolerance);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Rerank_BigBench_ScoresRougeL()
    {
        // ROUGE-L F by hand (lowercase, punctuation dropped, "sitting" stems to "sit"): against [the cat is sit on
        // the mat], "The cat is sitting on the mat." scores 1, "A dog." 0 and "the cat" 2 * (1 * 2/7) / (1 + 2/7) = 4/9.
        // Against [42], "42" scores 1 and "forty two" 0.
        string[] lines =
        [
            """{"id": 1, "instruction": "Describe the picture.", "references": ["The cat is sitting on the mat."], "flan_samples": {"greedy": [{"response": "the cat", "log_likelihood_sum": -1.0, "log_likelihood_mean": -0.5}], "sample": [{"response": "A dog.", "log_likelihood_sum": -0.5, "log_likelihood_mean": -0.25}, {"response": "The cat is sitting on the mat.", "log_likelihood_sum": -3.0, "log_likelihood_mean": -0.4}]}}""",
            """{"id": 2, "instruction": "What is six times seven?", "references": ["42"], "flan_samples": [{"decoding": "greedy", "samples": [{"response": "42", "log_likelihood_sum": -2.0, "log_likelihood_mean": -2.0}]}, {"decoding": "sample", "samples": [{"response": "forty two", "log_likelihood_sum": -1.0, "log_likelihood_mean": -0.5}]}]}""",
        ];
        var directory = Directory.CreateTempSubdirectory("cappy-eval-");
        try
        {
            var data = Path.Combine(directory.FullName, "bigbench.jsonl");
            var json = Path.Combine(directory.FullName, "result.json");
            await File.WriteAllLinesAsync(data, lines);

            var run = await RunAsync("eval", "rerank", "--data", data, "--json", json, "--device", "cpu");

            Assert.True(run.ExitCode == 0, $"eval rerank exited with {run.ExitCode}: {run.Errors}");
            Assert.StartsWith("| strategy | mean ROUGE-L F |", run.Output, StringComparison.Ordinal);
            var result = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
            var strategies = result["strategies"]!.AsObject();
            Assert.Equal(2, result["examples"]!.GetValue<int>());
            Assert.Equal(["scorer", "random", "first_greedy", "first_sample", "self_score_sum", "self_score_mean", "oracle"], strategies.Select(pair => pair.Key));
            Assert.Equal(((4.0 / 9 + 0 + 1) / 3 + (1 + 0) / 2.0) / 2, strategies["random"]!.GetValue<double>(), Tolerance);
            Assert.Equal((4.0 / 9 + 1) / 2, strategies["first_greedy"]!.GetValue<double>(), Tolerance);
            Assert.Equal((0 + 0) / 2.0, strategies["first_sample"]!.GetValue<double>(), Tolerance);
            Assert.Equal((0 + 0) / 2.0, strategies["self_score_sum"]!.GetValue<double>(), Tolerance);
            Assert.Equal((0 + 0) / 2.0, strategies["self_score_mean"]!.GetValue<double>(), Tolerance);
            Assert.Equal(1.0, strategies["oracle"]!.GetValue<double>(), Tolerance);
            Assert.InRange(strategies["scorer"]!.GetValue<double>(), 0, 1);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Rerank_RemainderTooLarge_Fails()
    {
        var run = await RunAsync("eval", "rerank", "--data", ProxyExecutable.AssemblyPath, "--id-modulo", "3", "--id-remainder", "3");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--id-remainder must be between 0 and 2 for --id-modulo 3, got 3.", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerank_MissingDataFile_Fails()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cappy-eval-{Guid.NewGuid():N}.jsonl");

        var run = await RunAsync("eval", "rerank", "--data", missing);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(missing, run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("loaded", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerank_LineWithoutId_NamesLine()
    {
        var directory = Directory.CreateTempSubdirectory("cappy-eval-");
        try
        {
            var data = Path.Combine(directory.FullName, "no-ids.jsonl");
            await File.WriteAllTextAsync(data, "{\"instruction\": \"q\", \"candidates\": [{\"generator\": \"g\", \"output\": \"a\", \"win_prob\": 0.5}]}\n");

            var run = await RunAsync("eval", "rerank", "--data", data, "--id-modulo", "3", "--device", "cpu");

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("line 1: --id-modulo needs an integer \"id\" field on every line.", run.Errors, StringComparison.Ordinal);
            Assert.Equal("", run.Output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Line(string dataset, int index, string instruction, string response, int label) =>
        new JsonObject
        {
            ["dataset_name"] = dataset,
            ["template_name"] = "t",
            ["example_idx"] = index,
            ["instruction"] = instruction,
            ["response"] = response,
            ["label"] = label,
        }.ToJsonString();

    /// <summary>Checks the PNG signature, that the first chunk is IHDR, and a plausible size for a drawn chart.</summary>
    private static void AssertValidPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"the chart has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.Equal(900, width);
        Assert.InRange(height, 150, 2000);
        Assert.Equal("IEND"u8.ToArray(), bytes[^8..^4]);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(ProxyExecutable.CreateStartInfo(arguments))!;
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
