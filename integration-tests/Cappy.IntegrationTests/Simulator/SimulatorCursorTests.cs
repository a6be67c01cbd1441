using System.Collections.Concurrent;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

public sealed class SimulatorCursorTests
{
    private const int InstructionCount = 20;

    [SkippableFact]
    public async Task Cursor_WrapsOverTwentyInstructions()
    {
        var path = CandidateData.RequirePath();
        var records = CandidateData.ReadFirst(path, InstructionCount);
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        // Four rounds of n=3 read 12 outputs per instruction, so every cursor passes the end of its 8 outputs once.
        // Each round visits every instruction in turn, and rounds alternate between chat and completions, which
        // shows that each instruction keeps one cursor of its own across both endpoints.
        var received = records.Select(_ => new List<string>()).ToArray();
        for (var round = 0; round < 4; round++)
        {
            for (var item = 0; item < records.Count; item++)
            {
                received[item].AddRange(await RequestAsync(host, records[item].Instruction, 3, useChat: round % 2 == 0));
            }
        }

        for (var item = 0; item < records.Count; item++)
        {
            var outputs = records[item].Outputs;
            var expected = Enumerable.Range(0, 12).Select(position => outputs[position % outputs.Count]).ToArray();
            Assert.Equal(expected, received[item]);
        }
    }

    [SkippableFact]
    public async Task Cursor_WrapsWithinOneRequest()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        var received = await RequestAsync(host, instruction, outputs.Count + 2, useChat: true);

        var expected = outputs.Concat(outputs.Take(2)).ToArray();
        Assert.Equal(expected, received);
    }

    [SkippableFact]
    public async Task Reset_RestartsCursorsAndCounters()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });
        await RequestAsync(host, instruction, 5, useChat: true);

        using var reset = await host.Client.PostAsync(new Uri("/sim/reset", UriKind.Relative), content: null);
        var statsAfterReset = await host.GetStatsAsync();
        var received = await RequestAsync(host, instruction, 1, useChat: true);

        Assert.True(reset.IsSuccessStatusCode);
        Assert.Equal(0, statsAfterReset.GetProperty("requests").GetInt32());
        Assert.Equal(0, statsAfterReset.GetProperty("chat").GetInt32());
        Assert.Equal(outputs[0], Assert.Single(received));
    }

    [SkippableFact]
    public async Task Cursor_ConcurrentRequestsGetEachOutputOnce()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        var received = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, outputs.Count * 4), async (_, cancellationToken) =>
        {
            foreach (var text in await RequestAsync(host, instruction, 1, useChat: true))
            {
                received.Add(text);
            }
        });

        // 32 single-choice requests over 8 outputs return each output position exactly 4 times.
        foreach (var output in outputs.Distinct(StringComparer.Ordinal))
        {
            var expectedCount = outputs.Count(candidate => candidate == output) * 4;
            Assert.Equal(expectedCount, received.Count(text => text == output));
        }
    }

    private static async Task<IReadOnlyList<string>> RequestAsync(SimulatorHost host, string instruction, int n, bool useChat)
    {
        if (useChat)
        {
            var chat = await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat(instruction, n));
            return chat.GetProperty("choices").EnumerateArray()
                .Select(choice => choice.GetProperty("message").GetProperty("content").GetString()!)
                .ToArray();
        }

        var completion = await host.PostForJsonAsync("/v1/completions", RequestBodies.Completion(instruction, n));
        return completion.GetProperty("choices").EnumerateArray()
            .Select(choice => choice.GetProperty("text").GetString()!)
            .ToArray();
    }
}
