using System.Diagnostics;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.Testing;
using Xunit;

namespace Cappy.IntegrationTests.Eval;

/// <summary><c>eval rerank</c> run as users run it: the built executable with the embedded scorer.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class EvalRerankCommandTests
{
    private const int Lines = 20;
    private const double Tolerance = 1e-9;

    private static readonly string[] Generators =
    [
        "gpt-3.5-turbo-0301", "claude-2", "Qwen-14B-Chat", "vicuna-7b", "gemma-2b-it", "pythia-12b-mix-sft",
        "minichat-3b", "Mixtral-8x7B-Instruct-v0.1_concise",
    ];

    [SkippableFact]
    public async Task EvalRerank_AlpacaLines_WritesJsonAndChart()
    {
        var lines = File.ReadLines(SharedData.RequireFile("data/alpaca-candidates.jsonl")).Take(Lines).ToArray();
        var directory = Directory.CreateTempSubdirectory("cappy-eval-");
        try
        {
            var data = Path.Combine(directory.FullName, "alpaca-20.jsonl");
            var json = Path.Combine(directory.FullName, "result.json");
            var chart = Path.Combine(directory.FullName, "result.png");
            await File.WriteAllLinesAsync(data, lines);

            // NOTE: the embedded model scores these 160 pairs in about 30 s on 2 CPU cores.
            using var process = Process.Start(ProxyExecutable.CreateStartInfo(
                "eval", "rerank", "--data", data, "--json", json, "--chart", chart, "--device", "cpu"))!;
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 0, $"eval rerank exited with {process.ExitCode}: {await errors}");
            Assert.Contains("| scorer |", await output, StringComparison.Ordinal);
            Assert.Contains($"{Lines}/{Lines} examples scored (100 %)", await errors, StringComparison.Ordinal);
            Assert.True(new FileInfo(chart).Length > 0, "the chart file is empty");

            var result = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
            var strategies = result["strategies"]!.AsObject();
            Assert.Equal(Lines, result["examples"]!.GetValue<int>());
            Assert.Equal(["scorer", "random", "longest", "first", .. Generators, "oracle"], strategies.Select(pair => pair.Key));

            var candidates = lines.Select(line => JsonNode.Parse(line)!["candidates"]!.AsArray().Select(candidate => candidate!["win_prob"]!.GetValue<double>()).ToArray()).ToArray();
            Assert.Equal(candidates.Average(winProbs => winProbs.Average()), strategies["random"]!.GetValue<double>(), Tolerance);
            Assert.Equal(candidates.Average(winProbs => winProbs.Max()), strategies["oracle"]!.GetValue<double>(), Tolerance);
            Assert.InRange(strategies["scorer"]!.GetValue<double>(), 0, strategies["oracle"]!.GetValue<double>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
