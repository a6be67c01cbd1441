using System.Text;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Xunit;

namespace Cappy.IntegrationTests.Capture;

/// <summary>Rotation of capture files by <c>MaxFileBytes</c> and deletion of the oldest by <c>MaxFiles</c>, through real HTTP.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class CaptureRotationTests(ScorerFixture scorer)
{
    private const int MaxFileBytes = 20_000;

    [SkippableFact]
    public async Task MaxFileBytes_StartsNewFileWhenLineWouldPassIt()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 6);
        await using var stack = await CaptureStack.StartAsync(
            scorer.Scorer, directory => $$"""{ "Enabled": true, "Directory": {{CaptureStack.Json(directory)}}, "MaxFileBytes": {{MaxFileBytes}} }""");

        foreach (var (instruction, _) in records)
        {
            await ChatExchange.SendAsync(stack.Proxy, instruction);
        }

        await stack.StopProxyAsync();
        var files = CaptureDirectory.Files(stack.DefaultCaptureDirectory);
        var lineBytes = files.Select(file => File.ReadLines(file).Select(line => Encoding.UTF8.GetByteCount(line) + 1).ToArray()).ToArray();

        // The AlpacaEval lines are 5 to 13 KB, so 6 of them cannot fit in one file of 20,000 bytes.
        Assert.True(files.Count >= 2, $"expected several files, got {files.Count}");
        Assert.Equal(
            records.Select(record => record.Instruction),
            CaptureDirectory.ReadRecords(stack.DefaultCaptureDirectory).Select(line => line["instruction"]!.GetValue<string>()));
        Assert.All(files, file => Assert.Matches(@"^capture-test-\d{8}T\d{6}Z-\d{4}\.jsonl$", Path.GetFileName(file)));
        for (var i = 0; i < files.Count; i++)
        {
            Assert.Equal(lineBytes[i].Sum(), new FileInfo(files[i]).Length);
            Assert.True(lineBytes[i].Length == 1 || lineBytes[i].Sum() <= MaxFileBytes, $"{files[i]}: {lineBytes[i].Sum()} bytes in {lineBytes[i].Length} lines");
            if (i + 1 < files.Count)
            {
                Assert.True(lineBytes[i].Sum() + lineBytes[i + 1][0] > MaxFileBytes, $"{files[i]} was closed although the next line fit");
            }
        }
    }

    [SkippableFact]
    public async Task MaxFiles_DeletesOldestOfRouteOnly()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 5);

        // A relative directory starts at the current directory of the proxy, here the test process.
        var relative = $"cappy-capture-{Guid.NewGuid():N}";
        var directory = Path.Combine(Environment.CurrentDirectory, relative);
        Directory.CreateDirectory(directory);
        var otherRoute = Path.Combine(directory, "capture-other-20200101T000000Z-0001.jsonl");
        var unrelated = Path.Combine(directory, "notes.txt");
        await File.WriteAllTextAsync(otherRoute, "{}\n");
        await File.WriteAllTextAsync(unrelated, "kept");
        try
        {
            await using var stack = await CaptureStack.StartAsync(
                scorer.Scorer, _ => $$"""{ "Enabled": true, "Directory": {{CaptureStack.Json(relative)}}, "MaxFileBytes": 1, "MaxFiles": 2 }""");
            foreach (var (instruction, _) in records)
            {
                await ChatExchange.SendAsync(stack.Proxy, instruction);
            }

            await stack.StopProxyAsync();
            var routeFiles = CaptureDirectory.Files(directory).Where(file => Path.GetFileName(file).StartsWith("capture-test-", StringComparison.Ordinal)).ToArray();
            var keptInstructions = routeFiles.SelectMany(File.ReadLines).Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!["instruction"]!.GetValue<string>());

            Assert.Equal(2, routeFiles.Length);
            Assert.Equal(records.TakeLast(2).Select(record => record.Instruction), keptInstructions);
            Assert.True(File.Exists(otherRoute), "a file of another route was deleted");
            Assert.True(File.Exists(unrelated), "a file that is not a capture file was deleted");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
