using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Xunit;

namespace Cappy.IntegrationTests.RerankApi;

/// <summary><c>POST /v1/score</c> over real HTTP: one score per pair, in request order, as the scorer computes it alone.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class ScoreEndpointTests(ScorerFixture fixture)
{
    [SkippableFact]
    public async Task MixedInstructionPairs_ReturnScoresInRequestOrder()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 3);

        // Pairs of three instructions, interleaved so that request order differs from instruction order.
        var pairs = Enumerable.Range(0, 4)
            .SelectMany(k => records.Select(record => (record.Instruction, Response: record.Outputs[k])))
            .ToArray();
        var expected = new List<float>();
        foreach (var (instruction, output) in pairs)
        {
            expected.Add((await RerankApiHttp.ScoreDirectlyAsync(fixture.Scorer, instruction, [output]))[0]);
        }

        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["pairs"] = new JsonArray(pairs.Select(pair => (JsonNode?)new JsonObject { ["instruction"] = pair.Instruction, ["response"] = pair.Response }).ToArray()),
        };

        var response = await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/score", body);
        var scores = response["scores"]!.AsArray().Select(score => score!.GetValue<float>()).ToArray();

        Assert.Equal(ScorerRegistry.DefaultName, response["model"]!.GetValue<string>());
        Assert.Equal(pairs.Length, scores.Length);
        for (var i = 0; i < pairs.Length; i++)
        {
            RerankApiHttp.AssertClose(expected[i], scores[i]);
        }
    }

    [SkippableFact]
    public async Task VllmOneToMany_ReturnsVllmShape()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        var expected = await RerankApiHttp.ScoreDirectlyAsync(fixture.Scorer, query, documents);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["model"] = ScorerRegistry.DefaultName,
            ["text_1"] = query,
            ["text_2"] = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray()),
        };

        var response = await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/score", body);
        var data = response["data"]!.AsArray();

        Assert.Equal("list", response["object"]!.GetValue<string>());
        Assert.Equal(ScorerRegistry.DefaultName, response["model"]!.GetValue<string>());
        Assert.True(response["created"]!.GetValue<long>() > 0);
        Assert.Equal(Enumerable.Range(0, documents.Count), data.Select(item => item!["index"]!.GetValue<int>()));
        Assert.All(data, item => Assert.Equal("score", item!["object"]!.GetValue<string>()));
        Assert.All(data, item => RerankApiHttp.AssertClose(expected[item!["index"]!.GetValue<int>()], item!["score"]!.GetValue<float>()));
    }

    [SkippableFact]
    public async Task VllmListsOfSameLength_ScoreItemByItem()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 2);
        var firsts = records.Select(record => record.Instruction).ToArray();
        var seconds = records.Select(record => record.Outputs[1]).ToArray();
        var expected = new List<float>();
        for (var i = 0; i < firsts.Length; i++)
        {
            expected.Add((await RerankApiHttp.ScoreDirectlyAsync(fixture.Scorer, firsts[i], [seconds[i]]))[0]);
        }

        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["text_1"] = new JsonArray(firsts.Select(text => (JsonNode?)text).ToArray()),
            ["text_2"] = new JsonArray(seconds.Select(text => (JsonNode?)text).ToArray()),
        };

        var data = (await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/score", body))["data"]!.AsArray();

        Assert.Equal(firsts.Length, data.Count);
        for (var i = 0; i < firsts.Length; i++)
        {
            RerankApiHttp.AssertClose(expected[i], data[i]!["score"]!.GetValue<float>());
        }
    }
}
