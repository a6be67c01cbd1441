using System.Text.Json.Nodes;
using Cappy.Proxy.Capture;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Forwarding;
using Cappy.Proxy.Reranking;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.Proxy.Tests.Capture;

public sealed class CaptureRecorderTests
{
    private static RerankTarget Target(bool capture) =>
        new("chat", new RerankOptions { Capture = new CaptureOptions { Enabled = capture, Directory = "captures" } }, EndpointKind.ChatCompletions, "http://127.0.0.1:9/", default);

    /// <summary>One upstream call that returned 2 choices and two calls of one choice each, as when an upstream returns fewer choices than asked.</summary>
    private static CandidateSet FourCandidates() => new(
        [
            JsonNode.Parse("""{"id": "chatcmpl-1", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Red."}, "finish_reason": "stop"}, {"index": 1, "message": {"role": "assistant", "content": "Blue"}, "finish_reason": "length"}], "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}""")!.AsObject(),
            JsonNode.Parse("""{"id": "chatcmpl-2", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Green."}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}""")!.AsObject(),
            JsonNode.Parse("""{"id": "chatcmpl-3", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Teal."}, "finish_reason": "stop"}]}""")!.AsObject(),
        ],
        200);

    private static void Record(CaptureRecorder recorder, RerankTarget target, float[]? scores, string? degraded)
    {
        var set = FourCandidates();
        var candidates = set.Choices.Select(choice => Candidate.FromChoice(choice, EndpointKind.ChatCompletions)).ToArray();
        int[] order = scores is null ? [0, 1, 2, 3] : [2, 0, 3, 1];
        recorder.Record(target, "Name a colour.", new GroupRanking(set, candidates, order, scores, degraded, BelowMinScore: false, NoValidJson: false));
    }

    [Fact]
    public void Record_CopiesCandidatesScoresAndUsage()
    {
        var recorder = new CaptureRecorder(TimeProvider.System, NullLogger<CaptureRecorder>.Instance);

        Record(recorder, Target(capture: true), [0.5f, -1f, 2.25f, 0.25f], degraded: null);

        Assert.True(recorder.Reader.TryRead(out var record));
        Assert.Equal("chat", record.RouteId);
        Assert.Equal("chatcmpl-1", record.RequestId);
        Assert.Equal("Name a colour.", record.Instruction);
        Assert.Equal(["Red.", "Blue", "Green.", "Teal."], record.Candidates.Select(candidate => candidate.Text));
        Assert.Equal(2, record.ChosenIndex);
        Assert.Equal("reranked", record.Outcome);
        Assert.Equal(2.25f, record.Candidates[2].Score);
        Assert.Equal("length", record.Candidates[1].FinishReason);
        Assert.Null(record.Candidates[0].Usage);
        Assert.Equal(1, record.Candidates[2].Usage!["completion_tokens"]!.GetValue<int>());
        Assert.Null(record.Candidates[3].Usage);
        Assert.Equal(9, record.Usage!["total_tokens"]!.GetValue<long>());
    }

    [Fact]
    public void Record_Unscored_HasNullScoresAndDegradedOutcome()
    {
        var recorder = new CaptureRecorder(TimeProvider.System, NullLogger<CaptureRecorder>.Instance);

        Record(recorder, Target(capture: true), scores: null, degraded: RerankOutcome.ScorerError);

        Assert.True(recorder.Reader.TryRead(out var record));
        Assert.All(record.Candidates, candidate => Assert.Null(candidate.Score));
        Assert.Equal(0, record.ChosenIndex);
        Assert.Equal("scorer-error", record.Outcome);
    }

    [Fact]
    public void Record_CaptureOff_QueuesNothing()
    {
        var recorder = new CaptureRecorder(TimeProvider.System, NullLogger<CaptureRecorder>.Instance);

        Record(recorder, Target(capture: false), [1f, 2f, 3f, 4f], degraded: null);

        Assert.False(recorder.Reader.TryRead(out _));
    }

    [Fact]
    public void Record_FullQueue_DropsAndCounts()
    {
        var recorder = new CaptureRecorder(TimeProvider.System, NullLogger<CaptureRecorder>.Instance, capacity: 2);

        for (var i = 0; i < 5; i++)
        {
            Record(recorder, Target(capture: true), [1f, 2f, 3f, 4f], degraded: null);
        }

        Assert.Equal(3, recorder.Dropped);
        Assert.Equal(2, recorder.Reader.Count);
    }
}
