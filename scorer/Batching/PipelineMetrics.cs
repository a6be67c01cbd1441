using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cappy.Scorer.Tokenization;

namespace Cappy.Scorer.Batching;

/// <summary>
/// Instruments of the scoring pipeline on the meter <c>Cappy.Scorer</c>, each measurement labelled with the
/// scorer's name. The meter is static because the scorer library has no dependency injection. Every live pipeline
/// registers one instance for the queue gauge and removes it on dispose.
/// </summary>
internal sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "Cappy.Scorer";

    /// <summary>The label that carries the scorer's name (<see cref="ScorerOptions.Name"/>).</summary>
    public const string ScorerTag = "scorer";

    private static readonly Meter Meter = new(MeterName);

    private static readonly ConcurrentDictionary<PipelineMetrics, byte> LivePipelines = new();

    private static readonly Histogram<double> InferenceDuration = Meter.CreateHistogram(
        "cappy.scorer.inference.duration",
        unit: "s",
        description: "ONNX Runtime time of one inference batch.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Histogram<double> QueueDuration = Meter.CreateHistogram(
        "cappy.scorer.queue.duration",
        unit: "s",
        description: "Time from a request's rows entering the queue until the batching loop takes them into batches.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Histogram<int> BatchRows = Meter.CreateHistogram(
        "cappy.scorer.batch.rows",
        unit: "{row}",
        description: "Rows of one inference batch.",
        tags: null,
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    private static readonly Histogram<int> BatchTokens = Meter.CreateHistogram(
        "cappy.scorer.batch.tokens",
        unit: "{token}",
        description: "Padded tokens of one inference batch: rows times the longest row.",
        tags: null,
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536] });

    private static readonly ObservableGauge<int> QueueRows = Meter.CreateObservableGauge(
        "cappy.scorer.queue.rows",
        ObserveQueues,
        unit: "{row}",
        description: "Rows waiting in the scoring queue.");

    private readonly Func<int> _queuedRows;
    private readonly KeyValuePair<string, object?> _scorer;

    /// <param name="scorerName">The value of the <c>scorer</c> label.</param>
    /// <param name="queuedRows">Reads the pipeline's queued rows when the gauge is observed.</param>
    public PipelineMetrics(string scorerName, Func<int> queuedRows)
    {
        _queuedRows = queuedRows;
        _scorer = new KeyValuePair<string, object?>(ScorerTag, scorerName);
        LivePipelines.TryAdd(this, 0);
    }

    /// <summary>Records how long one request waited between entering the queue and joining a batch.</summary>
    public void RecordQueueWait(TimeSpan wait) => QueueDuration.Record(wait.TotalSeconds, _scorer);

    /// <summary>Records one inference batch: its duration, its rows and its padded tokens.</summary>
    public void RecordBatch(IReadOnlyList<EncodedInput> rows, TimeSpan inference)
    {
        var longest = rows.Count == 0 ? 0 : rows.Max(row => row.Length);
        InferenceDuration.Record(inference.TotalSeconds, _scorer);
        BatchRows.Record(rows.Count, _scorer);
        BatchTokens.Record(rows.Count * longest, _scorer);
    }

    public void Dispose() => LivePipelines.TryRemove(this, out _);

    private static IEnumerable<Measurement<int>> ObserveQueues() =>
        LivePipelines.Keys.Select(pipeline => new Measurement<int>(pipeline._queuedRows(), pipeline._scorer)).ToArray();
}
