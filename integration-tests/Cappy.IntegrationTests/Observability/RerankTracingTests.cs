using System.Collections.Concurrent;
using System.Diagnostics;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using OpenAI.Chat;
using Xunit;

namespace Cappy.IntegrationTests.Observability;

/// <summary>
/// The activities of one reranked request, seen by an <see cref="ActivityListener"/> in the test: a
/// <c>cappy.rerank</c> activity with route, candidates, chosen index and outcome, a child per upstream call and a
/// child for scoring, and no prompt or completion text in any of them.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class RerankTracingTests(ScorerFixture scorer)
{
    [SkippableFact]
    public async Task RerankRequest_RecordsActivitiesWithoutText()
    {
        var (instruction, outputs) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Cappy.Proxy" or "Cappy.Scorer",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);

        var completion = (await stack.Proxy.Chat().CompleteChatAsync([new UserChatMessage(instruction)])).Value;
        var rerank = await WaitForRerankAsync(stopped);
        var children = stopped.Where(activity => activity.ParentSpanId == rerank.SpanId).ToArray();
        var upstreamCall = Assert.Single(children, activity => activity.OperationName == "cappy.upstream_call");
        var scoring = Assert.Single(children, activity => activity.OperationName == "cappy.score");

        Assert.Equal("upstream", rerank.GetTagItem("cappy.route"));
        Assert.Equal(8, rerank.GetTagItem("cappy.candidates"));
        Assert.Equal(outputs.ToList().IndexOf(completion.Content[0].Text), rerank.GetTagItem("cappy.chosen_index"));
        Assert.Equal("reranked", rerank.GetTagItem("cappy.outcome"));
        Assert.Equal(rerank.TraceId, upstreamCall.TraceId);
        Assert.Equal(ActivityKind.Client, upstreamCall.Kind);
        Assert.Equal(200, upstreamCall.GetTagItem("http.response.status_code"));
        Assert.Equal(8, scoring.GetTagItem("cappy.responses"));
        Assert.Equal("default", scoring.GetTagItem("scorer"));
        foreach (var activity in children.Prepend(rerank))
        {
            foreach (var (key, value) in activity.TagObjects)
            {
                var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.False(text.Contains(instruction, StringComparison.Ordinal), $"{activity.OperationName} tag {key} contains the prompt");
                Assert.DoesNotContain(outputs, output => text.Contains(output, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Waits for the rerank activity, which stops as the handler returns, after the client has read the response.</summary>
    private static async Task<Activity> WaitForRerankAsync(ConcurrentQueue<Activity> stopped)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !stopped.Any(activity => activity.OperationName == "cappy.rerank"))
        {
            await Task.Delay(50);
        }

        return Assert.Single(stopped, activity => activity.OperationName == "cappy.rerank");
    }
}
