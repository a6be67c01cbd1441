using System.Text.Json;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Synthetic;
using Cappy.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.IntegrationTests.RerankApi;

/// <summary>
/// <c>POST /v1/rerank</c> (Cohere and Jina) and <c>POST /rerank</c> (TEI) over real HTTP, on real AlpacaEval
/// outputs: the order must equal that of scores computed by the same scorer without the proxy.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class RerankEndpointTests(ScorerFixture fixture)
{
    [SkippableFact]
    public async Task CohereRequest_OrdersByIndependentScores()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        var scores = await RerankApiHttp.ScoreDirectlyAsync(fixture.Scorer, query, documents);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["model"] = ScorerRegistry.DefaultName,
            ["query"] = query,
            ["documents"] = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray()),
        };

        var text = (await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/rerank", body)).ToJsonString();
        var response = JsonSerializer.Deserialize<CohereRerankResponse>(text)!;

        Assert.False(string.IsNullOrEmpty(response.Id));
        Assert.Equal(ScorerRegistry.DefaultName, response.Model);
        Assert.Equal(RerankApiHttp.ExpectedOrder(scores), response.Results.Select(result => result.Index).ToArray());
        Assert.All(response.Results, result => RerankApiHttp.AssertClose(scores[result.Index], result.RelevanceScore));
        Assert.All(response.Results, result => Assert.Equal(documents[result.Index], result.Document?.Text));
    }

    [SkippableFact]
    public async Task TopN_ReturnsHighestScoredOnly()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 2)[1];
        var scores = await RerankApiHttp.ScoreDirectlyAsync(fixture.Scorer, query, documents);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["query"] = query,
            ["documents"] = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray()),
            ["top_n"] = 3,
        };

        var results = (await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/rerank", body))["results"]!.AsArray();

        Assert.Equal(RerankApiHttp.ExpectedOrder(scores).Take(3), results.Select(result => result!["index"]!.GetValue<int>()));
    }

    [SkippableFact]
    public async Task TopNAboveDocumentCount_ReturnsAll()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["query"] = query,
            ["documents"] = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray()),
            ["top_n"] = 100,
        };

        var results = (await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/rerank", body))["results"]!.AsArray();

        Assert.Equal(documents.Count, results.Count);
    }

    [SkippableFact]
    public async Task ReturnDocumentsFalse_LeavesOutDocument()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["query"] = query,
            ["documents"] = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray()),
            ["return_documents"] = false,
        };

        var results = (await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/rerank", body))["results"]!.AsArray();

        Assert.Equal(documents.Count, results.Count);
        Assert.All(results, result => Assert.False(result!.AsObject().ContainsKey("document")));
    }

    [SkippableFact]
    public async Task JinaTextObjects_RankLikeStrings()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 3)[2];
        var scores = await RerankApiHttp.ScoreDirectlyAsync(fixture.Scorer, query, documents);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["query"] = query,
            ["documents"] = new JsonArray(documents.Select(document => (JsonNode?)new JsonObject { ["text"] = document }).ToArray()),
            ["top_n"] = 5,
        };

        var results = (await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/rerank", body))["results"]!.AsArray();

        Assert.Equal(RerankApiHttp.ExpectedOrder(scores).Take(5), results.Select(result => result!["index"]!.GetValue<int>()));
        Assert.All(results, result => Assert.Equal(documents[result!["index"]!.GetValue<int>()], result!["document"]!["text"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task ModelNamedByItsModelName_SelectsDefault()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["model"] = fixture.Scorer.Description.Name,
            ["query"] = query,
            ["documents"] = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray()),
        };

        var response = await RerankApiHttp.PostOkAsync(proxy.Http, "/v1/rerank", body);

        Assert.Equal(ScorerRegistry.DefaultName, response["model"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task TeiRequest_ReturnsArrayInScoreOrder()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        var scores = await RerankApiHttp.ScoreDirectlyAsync(fixture.Scorer, query, documents);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["query"] = query,
            ["texts"] = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray()),
            ["return_text"] = true,
            ["truncate"] = true,
        };

        var ranks = (await RerankApiHttp.PostOkAsync(proxy.Http, "/rerank", body)).AsArray();

        Assert.Equal(RerankApiHttp.ExpectedOrder(scores), ranks.Select(rank => rank!["index"]!.GetValue<int>()));
        Assert.All(ranks, rank => Assert.Equal(documents[rank!["index"]!.GetValue<int>()], rank!["text"]!.GetValue<string>()));

        // The embedded model is a bi-encoder: its cosine similarity is returned unchanged, raw_scores or not.
        Assert.All(ranks, rank => RerankApiHttp.AssertClose(scores[rank!["index"]!.GetValue<int>()], rank!["score"]!.GetValue<float>()));
    }

    [SkippableFact]
    public async Task TeiRequestWithoutReturnText_LeavesOutText()
    {
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            ["query"] = query,
            ["texts"] = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray()),
        };

        var ranks = (await RerankApiHttp.PostOkAsync(proxy.Http, "/rerank", body)).AsArray();

        Assert.Equal(documents.Count, ranks.Count);
        Assert.All(ranks, rank => Assert.False(rank!.AsObject().ContainsKey("text")));
    }

    [SkippableFact]
    public async Task TeiCrossEncoder_AppliesSigmoidUnlessRawScores()
    {
        var vocabulary = SharedData.RequireFile("tokenizers/roberta-base/vocab.json");
        var merges = SharedData.RequireFile("tokenizers/roberta-base/merges.txt");
        var (query, documents) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        var directory = Directory.CreateTempSubdirectory("cappy-tiny-").FullName;
        try
        {
            RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, directory, vocabulary, merges);
            using var scorer = ScorerFactory.Create(new ScorerOptions { ModelDirectory = directory, ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
            Assert.Equal(ScorerKind.CrossEncoder, scorer.Description.Kind);
            var logits = await RerankApiHttp.ScoreDirectlyAsync(scorer, query, documents);
            await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, scorer);
            var texts = new JsonArray(documents.Select(document => (JsonNode?)document).ToArray());

            var probabilities = (await RerankApiHttp.PostOkAsync(proxy.Http, "/rerank", new JsonObject { ["query"] = query, ["texts"] = texts.DeepClone() })).AsArray();
            var raw = (await RerankApiHttp.PostOkAsync(proxy.Http, "/rerank", new JsonObject { ["query"] = query, ["texts"] = texts.DeepClone(), ["raw_scores"] = true })).AsArray();

            Assert.Equal(RerankApiHttp.ExpectedOrder(logits), probabilities.Select(rank => rank!["index"]!.GetValue<int>()));
            Assert.Equal(RerankApiHttp.ExpectedOrder(logits), raw.Select(rank => rank!["index"]!.GetValue<int>()));
            Assert.All(probabilities, rank => RerankApiHttp.AssertClose(1f / (1f + MathF.Exp(-logits[rank!["index"]!.GetValue<int>()])), rank!["score"]!.GetValue<float>()));
            Assert.All(raw, rank => RerankApiHttp.AssertClose(logits[rank!["index"]!.GetValue<int>()], rank!["score"]!.GetValue<float>()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
