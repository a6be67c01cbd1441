using Cappy.Scorer.Batching;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Tests.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.Scorer.Tests.Batching;

/// <summary>
/// The shared pipeline on the real embedded MiniLM model: scores equal scoring each pair alone whatever the
/// batching, rows of concurrent requests share batches, cancelled requests never run, a full queue rejects at once.
/// </summary>
public sealed class ScoringPipelineTests : IDisposable
{
    private const float Tolerance = 1e-4f;

    private readonly ScoringPipeline _reference = (ScoringPipeline)ScorerFactory.Create(
        new ScorerOptions { ExecutionProvider = "cpu", Batching = new BatchingOptions { BatchWindow = TimeSpan.Zero } },
        NullLoggerFactory.Instance);

    public void Dispose() => _reference.Dispose();

    private static ScoringPipeline CreatePipeline(RecordingModel model, BatchingOptions options) => new(model, options, NullLogger.Instance);

    /// <summary>Scores of pairs scored alone, kept across the cases of this class since they never change.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), float> AloneScores = new();

    private async Task<float> ScoreAloneAsync(string instruction, string response)
    {
        if (!AloneScores.TryGetValue((instruction, response), out var score))
        {
            score = (await _reference.ScoreAsync(instruction, [response], CancellationToken.None))[0];
            AloneScores[(instruction, response)] = score;
        }

        return score;
    }

    public static TheoryData<int, int, int> BatchShapes => new()
    {
        { 16384, 64, 0 },
        { 16384, 64, 50 },
        { 16384, 3, 20 },
        { 600, 64, 20 },
    };

    [SkippableTheory]
    [MemberData(nameof(BatchShapes))]
    public async Task ConcurrentRequests_ScoreAsEachPairAlone(int maxBatchTokens, int maxBatchRows, int windowMs)
    {
        var records = AlpacaTexts.Load(4);
        using var model = new RecordingModel(_reference.Model);
        using var pipeline = CreatePipeline(model, new BatchingOptions
        {
            MaxBatchTokens = maxBatchTokens,
            MaxBatchRows = maxBatchRows,
            BatchWindow = TimeSpan.FromMilliseconds(windowMs),
        });

        var batched = await Task.WhenAll(records.Select(record => pipeline.ScoreAsync(record.Instruction, record.Answers, CancellationToken.None).AsTask()));

        for (var r = 0; r < records.Count; r++)
        {
            for (var i = 0; i < records[r].Answers.Length; i++)
            {
                var alone = await ScoreAloneAsync(records[r].Instruction, records[r].Answers[i]);
                Assert.True(Math.Abs(alone - batched[r][i]) <= Tolerance, $"record {r} answer {i}: alone {alone}, batched {batched[r][i]}");
            }
        }

        Assert.All(model.Batches, batch => Assert.True(batch.Length <= maxBatchRows, $"batch of {batch.Length} rows"));
        Assert.All(model.Batches, batch => Assert.True(batch.Length == 1 || batch.Length * batch.Max(row => row.Length) <= maxBatchTokens, "padded tokens over the limit"));
    }

    [SkippableFact]
    public async Task ConcurrentRequests_ShareBatches()
    {
        var records = AlpacaTexts.Load(8);
        using var model = new RecordingModel(_reference.Model);
        using var pipeline = CreatePipeline(model, new BatchingOptions { BatchWindow = TimeSpan.FromMilliseconds(200), MaxBatchRows = 128, MaxBatchTokens = 1 << 20 });

        await Task.WhenAll(records.Select(record => pipeline.ScoreAsync(record.Instruction, record.Answers, CancellationToken.None).AsTask()));

        // One request has 9 rows (instruction and 8 answers); a larger batch mixes requests.
        Assert.Contains(model.Batches, batch => batch.Length > 9);
    }

    [SkippableFact]
    public async Task CancelledRequest_RowsNeverRun()
    {
        var records = AlpacaTexts.Load(2);
        using var model = new RecordingModel(_reference.Model) { Gate = new SemaphoreSlim(0) };
        using var pipeline = CreatePipeline(model, new BatchingOptions { BatchWindow = TimeSpan.Zero });

        var first = pipeline.ScoreAsync(records[0].Instruction, records[0].Answers, CancellationToken.None).AsTask();
        Assert.True(model.RunStarted.Wait(TimeSpan.FromSeconds(30)), "the first batch did not start");
        using var cancellation = new CancellationTokenSource();
        var second = pipeline.ScoreAsync(records[1].Instruction, records[1].Answers, cancellation.Token).AsTask();
        await cancellation.CancelAsync();
        model.Gate.Release(100);

        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        var ranRows = model.Batches.Sum(batch => batch.Length);
        Assert.Equal(records[0].Answers.Length + 1, ranRows);
    }

    [SkippableFact]
    public async Task FullQueue_RejectsAtOnce()
    {
        var records = AlpacaTexts.Load(3);
        using var model = new RecordingModel(_reference.Model) { Gate = new SemaphoreSlim(0) };
        using var pipeline = CreatePipeline(model, new BatchingOptions { BatchWindow = TimeSpan.Zero, MaxBatchRows = 9, MaxQueueRows = 9 });

        var running = pipeline.ScoreAsync(records[0].Instruction, records[0].Answers, CancellationToken.None).AsTask();
        Assert.True(model.RunStarted.Wait(TimeSpan.FromSeconds(30)), "the first batch did not start");
        var queued = pipeline.ScoreAsync(records[1].Instruction, records[1].Answers, CancellationToken.None).AsTask();
        var rejected = pipeline.ScoreAsync(records[2].Instruction, records[2].Answers, CancellationToken.None);

        Assert.True(rejected.IsFaulted, "a request past the queue limit must fail without waiting");
        await Assert.ThrowsAsync<ScorerOverloadedException>(() => rejected.AsTask());
        Assert.Equal(9, pipeline.QueuedRows);
        model.Gate.Release(100);
        await running;
        await queued;
        Assert.Equal(0, pipeline.QueuedRows);
    }

    [SkippableFact]
    public async Task FailingModel_FailsRequestsLoopGoesOn()
    {
        var records = AlpacaTexts.Load(2);

        // A real model whose session is disposed: every run throws, as a broken ONNX Runtime run would.
        var broken = (ScoringPipeline)ScorerFactory.Create(new ScorerOptions { ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
        broken.Model.Dispose();
        using var pipeline = CreatePipeline(new RecordingModel(broken.Model), new BatchingOptions());

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pipeline.ScoreAsync(records[0].Instruction, records[0].Answers, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pipeline.ScoreAsync(records[1].Instruction, records[1].Answers, CancellationToken.None).AsTask());
        broken.Dispose();
    }
}
