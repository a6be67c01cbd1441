using System.Net;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Batching;
using Cappy.Scorer.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.IntegrationTests.RerankApi;

/// <summary>
/// A scorer queue with room for one request's rows, hit by 12 concurrent rerank requests: those past the limit get
/// 429 with <c>Retry-After: 1</c> at once, and the others are answered.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class RerankApiOverloadTests
{
    private const int Concurrency = 12;

    [SkippableFact]
    public async Task FullQueue_Returns429WithRetryAfter()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), Concurrency);
        using var scorer = ScorerFactory.Create(
            new ScorerOptions { ExecutionProvider = "cpu", Batching = new BatchingOptions { MaxBatchRows = 9, MaxQueueRows = 9, BatchWindow = TimeSpan.Zero } },
            NullLoggerFactory.Instance);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, scorer);

        var responses = await Task.WhenAll(records.Select(async record =>
        {
            var body = new JsonObject
            {
                ["query"] = record.Instruction,
                ["documents"] = new JsonArray(record.Outputs.Select(output => (JsonNode?)output).ToArray()),
            };
            var (status, text, response) = await RerankApiHttp.PostAsync(proxy.Http, "/v1/rerank", body.ToJsonString());
            using (response)
            {
                return (Status: status, RetryAfter: response.Headers.RetryAfter?.Delta, Body: JsonNode.Parse(text)!);
            }
        }));

        var overloaded = responses.Where(response => response.Status == HttpStatusCode.TooManyRequests).ToArray();
        Assert.NotEmpty(overloaded);
        Assert.Contains(responses, response => response.Status == HttpStatusCode.OK);
        Assert.All(responses, response => Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"status {response.Status}"));
        Assert.All(overloaded, response => Assert.Equal(TimeSpan.FromSeconds(1), response.RetryAfter));
        Assert.All(overloaded, response => Assert.Equal("scorer_overloaded", response.Body["error"]!["code"]!.GetValue<string>()));
        Assert.All(overloaded, response => Assert.Equal("rate_limit_error", response.Body["error"]!["type"]!.GetValue<string>()));
    }
}
