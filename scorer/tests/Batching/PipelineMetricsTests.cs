using Cappy.Scorer.Batching;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Tests.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.Scorer.Tests.Batching;

/// <summary>
/// The pipeline's <c>Cappy.Scorer</c> instruments on the real embedded MiniLM model, checked against the batches
/// the model actually ran.
/// </summary>
public sealed class PipelineMetricsTests : IDisposable
{
    private readonly ScoringPipeline _reference = (ScoringPipeline)ScorerFactory.Create(
        new ScorerOptions { ExecutionProvider = "cpu", Batching = new BatchingOptions { BatchWindow = TimeSpan.Zero } },
        NullLoggerFactory.Instance);

    public void Dispose() => _reference.Dispose();

    private static string UniqueName() => "metrics-test-" + Guid.NewGuid().ToString("N");

    [SkippableFact]
    public async Task Batches_RecordRowsTokensAndDurations()
    {
        var records = AlpacaTexts.Load(3);
        var name = UniqueName();
        using var recorder = new MeasurementRecorder(name);
        using var model = new RecordingModel(_reference.Model);
        using var pipeline = new ScoringPipeline(model, new BatchingOptions { MaxBatchRows = 5, BatchWindow = TimeSpan.FromMilliseconds(20) }, NullLogger.Instance, scorerName: name);

        await Task.WhenAll(records.Select(record => pipeline.ScoreAsync(record.Instruction, record.Answers, CancellationToken.None).AsTask()));

        var batches = model.Batches;
        var inference = recorder.Values("cappy.scorer.inference.duration");
        var queueWaits = recorder.Values("cappy.scorer.queue.duration");
        Assert.Equal(batches.Select(batch => (double)batch.Length), recorder.Values("cappy.scorer.batch.rows"));
        Assert.Equal(batches.Select(batch => (double)(batch.Length * batch.Max(row => row.Length))), recorder.Values("cappy.scorer.batch.tokens"));
        Assert.Equal(batches.Count, inference.Count);
        Assert.All(inference, seconds => Assert.True(double.IsFinite(seconds) && seconds >= 0, $"inference duration {seconds}"));
        Assert.Equal(records.Count, queueWaits.Count);
        Assert.All(queueWaits, seconds => Assert.True(double.IsFinite(seconds) && seconds >= 0, $"queue duration {seconds}"));
    }

    [SkippableFact]
    public async Task QueueGauge_ReportsWaitingRows()
    {
        var records = AlpacaTexts.Load(2);
        var name = UniqueName();
        using var recorder = new MeasurementRecorder(name);
        using var model = new RecordingModel(_reference.Model) { Gate = new SemaphoreSlim(0) };
        var pipeline = new ScoringPipeline(model, new BatchingOptions { BatchWindow = TimeSpan.Zero }, NullLogger.Instance, scorerName: name);

        var running = pipeline.ScoreAsync(records[0].Instruction, records[0].Answers, CancellationToken.None).AsTask();
        Assert.True(model.RunStarted.Wait(TimeSpan.FromSeconds(30)), "the first batch did not start");
        var queued = pipeline.ScoreAsync(records[1].Instruction, records[1].Answers, CancellationToken.None).AsTask();
        recorder.Observe();
        var whileHeld = recorder.Values("cappy.scorer.queue.rows");
        model.Gate.Release(100);
        await Task.WhenAll(running, queued);
        pipeline.Dispose();
        recorder.Observe();

        // One reading while the loop was held, none after dispose: a disposed pipeline leaves the gauge. The
        // embedded bi-encoder encodes the instruction as one more row besides the responses.
        Assert.Equal([(double)(records[1].Answers.Length + 1)], whileHeld);
        Assert.Equal(whileHeld, recorder.Values("cappy.scorer.queue.rows"));
    }
}
