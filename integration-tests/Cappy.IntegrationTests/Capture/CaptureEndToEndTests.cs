using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Capture;

/// <summary>
/// Data capture through real HTTP: the proxy in front of the simulator on real AlpacaEval instructions, and the
/// capture files read back as a training job would read them.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class CaptureEndToEndTests(ScorerFixture scorer)
{
    [SkippableFact]
    public async Task CaptureOn_WritesOneLinePerRequest()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 5);
        await using var stack = await CaptureStack.StartAsync(scorer.Scorer, directory => $$"""{ "Enabled": true, "Directory": {{CaptureStack.Json(directory)}} }""");
        var before = DateTimeOffset.UtcNow;

        var exchanges = new List<ChatExchange>();
        foreach (var (instruction, _) in records)
        {
            exchanges.Add(await ChatExchange.SendAsync(stack.Proxy, instruction));
        }

        await stack.StopProxyAsync();
        var after = DateTimeOffset.UtcNow;
        var lines = CaptureDirectory.ReadRecords(stack.DefaultCaptureDirectory);

        Assert.Single(CaptureDirectory.Files(stack.DefaultCaptureDirectory));
        Assert.Equal(records.Count, lines.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var (line, exchange, outputs) = (lines[i], exchanges[i], records[i].Outputs);
            Assert.Equal(HttpStatusCode.OK, exchange.Status);
            Assert.Equal(
                ["time", "route", "request_id", "model", "scorer", "instruction", "candidates", "chosen_index", "outcome", "usage"],
                line.Select(property => property.Key));

            var timeText = line["time"]!.GetValue<string>();
            var time = DateTimeOffset.Parse(timeText, CultureInfo.InvariantCulture);
            Assert.EndsWith("Z", timeText, StringComparison.Ordinal);
            Assert.InRange(time, before, after);
            Assert.Equal("test", line["route"]!.GetValue<string>());
            Assert.Equal(exchange.Body["id"]!.GetValue<string>(), line["request_id"]!.GetValue<string>());
            Assert.Equal(exchange.Body["model"]!.GetValue<string>(), line["model"]!.GetValue<string>());
            Assert.Equal("default", line["scorer"]!.GetValue<string>());
            Assert.Equal(exchange.Instruction, line["instruction"]!.GetValue<string>());
            Assert.Equal("reranked", line["outcome"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(exchange.Body["usage"], line["usage"]), $"request {i}: usage {line["usage"]}, response usage {exchange.Body["usage"]}");

            var candidates = line["candidates"]!.AsArray().Select(candidate => candidate!.AsObject()).ToArray();
            Assert.Equal(outputs, candidates.Select(candidate => candidate["text"]!.GetValue<string>()));
            Assert.All(candidates, candidate => Assert.Equal("stop", candidate["finish_reason"]!.GetValue<string>()));

            // One upstream call returned all 8, so no candidate has a usage of its own.
            Assert.All(candidates, candidate => Assert.False(candidate.ContainsKey("usage")));

            var scores = candidates.Select(candidate => candidate["score"]!.GetValue<float>()).ToArray();
            var chosen = line["chosen_index"]!.GetValue<int>();
            Assert.Equal(exchange.Content, candidates[chosen]["text"]!.GetValue<string>());
            Assert.Equal(exchange.Score, scores[chosen]);
            Assert.Equal(scores.Max(), scores[chosen]);
        }
    }

    [SkippableFact]
    public async Task ParallelCalls_CandidatesCarryTheirUsage()
    {
        var (instruction, outputs) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var stack = await CaptureStack.StartAsync(
            scorer.Scorer, directory => $$"""{ "Enabled": true, "Directory": {{CaptureStack.Json(directory)}} }""", NMode.Ignore);

        var exchange = await ChatExchange.SendAsync(stack.Proxy, instruction);
        await stack.StopProxyAsync();

        var line = Assert.Single(CaptureDirectory.ReadRecords(stack.DefaultCaptureDirectory));
        var candidates = line["candidates"]!.AsArray().Select(candidate => candidate!.AsObject()).ToArray();
        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        var texts = candidates.Select(candidate => candidate["text"]!.GetValue<string>()).ToArray();

        // The parallel calls return in any order, so the outputs are compared as a set.
        Assert.Equal(outputs.Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));

        // The simulator counts whitespace-separated words as tokens.
        for (var i = 0; i < candidates.Length; i++)
        {
            Assert.Equal(CandidateData.CountWords(texts[i]), candidates[i]["usage"]!["completion_tokens"]!.GetValue<int>());
            Assert.Equal(CandidateData.CountWords(instruction), candidates[i]["usage"]!["prompt_tokens"]!.GetValue<int>());
        }

        Assert.Equal(outputs.Sum(CandidateData.CountWords), line["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal(8 * CandidateData.CountWords(instruction), line["usage"]!["prompt_tokens"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task CaptureOff_WritesNoFile()
    {
        var (instruction, _) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var stack = await CaptureStack.StartAsync(scorer.Scorer, directory => $$"""{ "Enabled": false, "Directory": {{CaptureStack.Json(directory)}} }""");

        var exchange = await ChatExchange.SendAsync(stack.Proxy, instruction);
        await stack.StopProxyAsync();

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.False(Directory.Exists(stack.DefaultCaptureDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(stack.TemporaryDirectory));
    }

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public async Task CaptureFile_IsOwnerOnly()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The file mode is checked on Linux only.");
        var (instruction, _) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var stack = await CaptureStack.StartAsync(scorer.Scorer, directory => $$"""{ "Enabled": true, "Directory": {{CaptureStack.Json(directory)}} }""");

        await ChatExchange.SendAsync(stack.Proxy, instruction);
        await stack.StopProxyAsync();

        var file = Assert.Single(CaptureDirectory.Files(stack.DefaultCaptureDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(stack.DefaultCaptureDirectory));
    }

    [SkippableFact]
    public async Task UnavailableDirectory_RequestsSucceedAndCaptureResumes()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 4);
        await using var stack = await CaptureStack.StartAsync(
            scorer.Scorer, directory => $$"""{ "Enabled": true, "Directory": {{CaptureStack.Json(directory)}}, "MaxFileBytes": 1 }""");
        var directory = stack.DefaultCaptureDirectory;
        var moved = directory + "-moved";

        var first = await ChatExchange.SendAsync(stack.Proxy, records[0].Instruction);
        await CaptureDirectory.WaitForLinesAsync(directory, 1);

        // A file where the directory was: every new capture file fails to open until it is removed.
        Directory.Move(directory, moved);
        await File.WriteAllTextAsync(directory, "not a directory");
        var lost = await ChatExchange.SendAsync(stack.Proxy, records[1].Instruction);

        // This request's record may still be queued when the directory comes back, so only its status is checked.
        // The request also gives the previous request's record time to fail.
        var spacer = await ChatExchange.SendAsync(stack.Proxy, records[2].Instruction);
        File.Delete(directory);
        var resumed = await ChatExchange.SendAsync(stack.Proxy, records[3].Instruction);
        await stack.StopProxyAsync();

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, lost.Status);
        Assert.Equal(HttpStatusCode.OK, spacer.Status);
        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        var capturedBefore = CaptureDirectory.ReadRecords(moved).Select(line => line["instruction"]!.GetValue<string>()).ToArray();
        var capturedAfter = CaptureDirectory.ReadRecords(directory).Select(line => line["instruction"]!.GetValue<string>()).ToArray();
        Assert.Equal([records[0].Instruction], capturedBefore);
        Assert.DoesNotContain(records[1].Instruction, capturedAfter);
        Assert.Contains(records[3].Instruction, capturedAfter);
    }
}
