using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Batching;
using Cappy.Scorer.Inference;
using Cappy.UpstreamSimulator;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>
/// A scorer queue that holds one request's rows, hit by 12 concurrent requests: those past the limit are answered
/// at once as the route says, degraded or 429, and never wait or fail otherwise.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class ScorerOverloadTests
{
    private const int Concurrency = 12;

    [SkippableTheory]
    [InlineData("Degrade")]
    [InlineData("Reject")]
    public async Task FullQueue_AnswersAsRouteSays(string action)
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), Concurrency);
        using var scorer = ScorerFactory.Create(
            new ScorerOptions { ExecutionProvider = "cpu", Batching = new BatchingOptions { MaxBatchRows = 9, MaxQueueRows = 9, BatchWindow = TimeSpan.Zero } },
            NullLoggerFactory.Instance);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        using var routes = RouteDirectory.Create(simulator.BaseAddress, $$"""{ "N": 8, "OnScorerOverload": "{{action}}" }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer);

        var responses = await Task.WhenAll(records.Select(async record =>
        {
            var body = new JsonObject
            {
                ["model"] = "m",
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = record.Instruction }),
            };
            using var response = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            var degraded = response.Headers.TryGetValues("x-cappy-degraded", out var values) ? values.Single() : null;
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return (response.StatusCode, Degraded: degraded, RetryAfter: retryAfter, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }));

        var overloaded = action == "Degrade"
            ? responses.Where(response => response.Degraded == "scorer-overloaded").ToArray()
            : responses.Where(response => response.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.NotEmpty(overloaded);
        Assert.Contains(responses, response => response.StatusCode == HttpStatusCode.OK && response.Degraded is null);
        Assert.All(responses, response => Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"status {response.StatusCode}"));
        if (action == "Reject")
        {
            Assert.All(overloaded, response => Assert.Equal(TimeSpan.FromSeconds(1), response.RetryAfter));
            Assert.All(overloaded, response => Assert.Equal("scorer_overloaded", response.Body["error"]!["code"]!.GetValue<string>()));
        }
        else
        {
            Assert.All(overloaded, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
            Assert.All(overloaded, response => Assert.Single(response.Body["choices"]!.AsArray()));
        }
    }
}
