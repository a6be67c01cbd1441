using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>Many clients at once on one proxy: every response belongs to its own request, and none is lost.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class ConcurrentClientsTests(ScorerFixture scorer)
{
    private const int Clients = 64;

    [SkippableFact]
    public async Task SixtyFourClients_EachGetsOwnInstructionsOutput()
    {
        var path = CandidateData.RequirePath();
        var items = CandidateData.ReadFirst(path, Clients);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        // Scoring only the first 256 characters of each candidate bounds the 256 scored pairs: the test took about 13 s on two cores.
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 4, "MaxScoredCharacters": 256 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress, Timeout = TimeSpan.FromSeconds(45) };
        var clock = Stopwatch.StartNew();

        var replies = await Task.WhenAll(items.Select((item, i) =>
            ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody(item.Instruction, stream: i % 2 == 1))));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"64 requests took {clock.Elapsed}");
        Assert.Equal(Clients, replies.Length);
        for (var i = 0; i < Clients; i++)
        {
            var reply = replies[i];
            Assert.True(reply.Status == HttpStatusCode.OK, $"client {i}: {(int)reply.Status} {reply.Body}");
            var answer = i % 2 == 1 ? ReadSingleStreamedAnswer(reply.Body, i) : ReadSingleAnswer(reply.Body, i);
            Assert.True(items[i].Outputs.Contains(answer), $"client {i} got an answer that is not one of its instruction's outputs: {answer[..Math.Min(answer.Length, 80)]}");
        }
    }

    private static string ReadSingleAnswer(string body, int client)
    {
        var choices = JsonNode.Parse(body)!["choices"]!.AsArray();
        Assert.True(choices.Count == 1, $"client {client}: {choices.Count} choices");
        return choices[0]!["message"]!["content"]!.GetValue<string>();
    }

    private static string ReadSingleStreamedAnswer(string body, int client)
    {
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var indexes = lines
            .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .SelectMany(line => JsonNode.Parse(line["data: ".Length..])!["choices"]?.AsArray() ?? [])
            .Select(choice => choice!["index"]!.GetValue<int>())
            .Distinct()
            .ToArray();
        Assert.True(indexes is [0], $"client {client}: streamed choice indexes {string.Join(",", indexes)}");
        Assert.True(lines.Count(line => line == "data: [DONE]") == 1, $"client {client}: [DONE] missing or repeated");
        Assert.True(lines[^1] == "data: [DONE]", $"client {client}: stream does not end with [DONE]");
        return ProxyCalls.ReadStreamedContent(body);
    }
}
