using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.UpstreamSimulator;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI.Chat;
using Xunit;

namespace Cappy.IntegrationTests.Observability;

/// <summary>
/// <c>GET /metrics</c> on a proxy in front of the simulator: the <c>cappy_</c> series count what the requests did,
/// labelled with the route the <c>--upstream</c> shortcut creates.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class MetricsEndpointTests(ScorerFixture scorer)
{
    private const string Route = "upstream";

    [SkippableFact]
    public async Task RerankedRequests_CountedByRouteAndOutcome()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 3);
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var destination = stack.Simulator.BaseAddress.GetLeftPart(UriPartial.Authority);

        // Passed through by YARP, so it must not count as a reranking request.
        using (var models = await stack.Proxy.Http.GetAsync(new Uri("/v1/models", UriKind.Relative)))
        {
            models.EnsureSuccessStatusCode();
        }

        foreach (var (instruction, _) in records)
        {
            await stack.Proxy.Chat().CompleteChatAsync([new UserChatMessage(instruction)]);
        }

        var samples = await MetricsScraper.WaitForAsync(stack.Proxy.Http, s => PrometheusText.Sum(s, "cappy_requests_total") >= 3);

        Assert.Equal(3, PrometheusText.Sum(samples, "cappy_requests_total", ("route", Route), ("outcome", "reranked")));
        Assert.Equal(3, PrometheusText.Sum(samples, "cappy_requests_total"));
        Assert.Equal(3, PrometheusText.Sum(samples, "cappy_candidates_count", ("route", Route)));
        Assert.Equal(24, PrometheusText.Sum(samples, "cappy_candidates_sum", ("route", Route)));
        Assert.Equal(3, PrometheusText.Sum(samples, "cappy_upstream_duration_seconds_count", ("route", Route)));
        Assert.Equal(3, PrometheusText.Sum(samples, "cappy_upstream_calls_total", ("destination", destination), ("status", "200")));
        Assert.Null(PrometheusText.Sum(samples, "cappy_responses_degraded_total"));
    }

    [SkippableFact]
    public async Task RerankedRequests_RecordScorerPipeline()
    {
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 2);
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);

        foreach (var (instruction, _) in records)
        {
            await stack.Proxy.Chat().CompleteChatAsync([new UserChatMessage(instruction)]);
        }

        var samples = await MetricsScraper.WaitForAsync(stack.Proxy.Http, s => PrometheusText.Sum(s, "cappy_requests_total") >= 2);

        // The start-up warm-up batch may be counted too, so the scorer's figures are lower bounds.
        var scorerLabel = ("scorer", "default");
        Assert.True(PrometheusText.Sum(samples, "cappy_scorer_batch_rows_sum", scorerLabel) >= 16);
        Assert.True(PrometheusText.Sum(samples, "cappy_scorer_batch_tokens_sum", scorerLabel) >= PrometheusText.Sum(samples, "cappy_scorer_batch_rows_sum", scorerLabel));
        Assert.True(PrometheusText.Sum(samples, "cappy_scorer_inference_duration_seconds_count", scorerLabel) >= 2);
        Assert.True(PrometheusText.Sum(samples, "cappy_scorer_queue_duration_seconds_count", scorerLabel) >= 2);
        Assert.True(PrometheusText.Sum(samples, "cappy_scorer_queue_rows", scorerLabel) >= 0);
    }

    [SkippableFact]
    public async Task FailingScorer_CountsDegradedResponse()
    {
        var (instruction, _) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];

        // A real scorer that fails on every call: its ONNX Runtime session is already disposed.
        var broken = ScorerFactory.Create(new ScorerOptions { ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
        broken.Dispose();
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = simulator.BaseAddress, UpstreamN = 8 }, broken);

        await proxy.Chat().CompleteChatAsync([new UserChatMessage(instruction)]);
        var samples = await MetricsScraper.WaitForAsync(proxy.Http, s => PrometheusText.Sum(s, "cappy_requests_total") >= 1);

        Assert.Equal(1, PrometheusText.Sum(samples, "cappy_responses_degraded_total", ("route", Route), ("reason", "scorer-error")));
        Assert.Equal(1, PrometheusText.Sum(samples, "cappy_requests_total", ("route", Route), ("outcome", "scorer-error")));
        Assert.Equal(8, PrometheusText.Sum(samples, "cappy_candidates_sum", ("route", Route)));
    }

    [Fact]
    public async Task UnreachableUpstream_CountsUpstreamError()
    {
        var upstream = new Uri($"http://127.0.0.1:{LoopbackPorts.FindUnused()}/");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = upstream }, scorer.Scorer);

        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => proxy.Chat().CompleteChatAsync([new UserChatMessage("Hello")]));
        var samples = await MetricsScraper.WaitForAsync(proxy.Http, s => PrometheusText.Sum(s, "cappy_requests_total") >= 1);

        Assert.Equal(1, PrometheusText.Sum(samples, "cappy_requests_total", ("route", Route), ("outcome", "upstream-error")));
        Assert.Equal(1, PrometheusText.Sum(samples, "cappy_upstream_calls_total", ("destination", upstream.GetLeftPart(UriPartial.Authority)), ("status", "unreachable")));
        Assert.Null(PrometheusText.Sum(samples, "cappy_candidates_count"));
    }
}
