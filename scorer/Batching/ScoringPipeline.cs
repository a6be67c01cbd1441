using System.Threading.Channels;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;
using Microsoft.Extensions.Logging;

namespace Cappy.Scorer.Batching;

/// <summary>
/// The scoring pipeline shared by all requests. Callers encode their rows on their own thread and queue them.
/// One batching loop, on a dedicated thread, waits a short window for rows of other requests, sorts what it
/// has by length, packs it into batches under the token and row limits and runs ONNX Runtime. A full queue
/// rejects at once with <see cref="ScorerOverloadedException"/>. Cancelled requests are skipped before they run.
/// </summary>
internal sealed partial class ScoringPipeline : IScorer
{
    private readonly IScoringModel _model;
    private readonly BatchingOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<ScoringRequest> _queue = Channel.CreateUnbounded<ScoringRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _loop;
    private readonly string _scorerName;
    private readonly PipelineMetrics _metrics;
    private int _queuedRows;
    private volatile bool _disposed;

    public ScoringPipeline(IScoringModel model, BatchingOptions options, ILogger logger, TimeProvider? timeProvider = null, string scorerName = "default")
    {
        _model = model;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _scorerName = scorerName;
        _metrics = new PipelineMetrics(scorerName, () => QueuedRows);
        _loop = new Thread(RunLoop) { IsBackground = true, Name = "cappy-scorer-batching" };
        _loop.Start();
    }

    public ScorerDescription Description => _model.Description;

    /// <summary>The model the loop runs, for benchmarks that time it without the pipeline.</summary>
    public IScoringModel Model => _model;

    /// <summary>Rows waiting in the queue now.</summary>
    public int QueuedRows => Volatile.Read(ref _queuedRows);

    public ValueTask<float[]> ScoreAsync(string instruction, IReadOnlyList<string> responses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        ArgumentNullException.ThrowIfNull(responses);
        if (_disposed)
        {
            return ValueTask.FromException<float[]>(new ObjectDisposedException(nameof(ScoringPipeline)));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<float[]>(cancellationToken);
        }

        if (responses.Count == 0)
        {
            return ValueTask.FromResult<float[]>([]);
        }

        EncodedInput[] rows;
        try
        {
            rows = _model.Encode(instruction, responses);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return ValueTask.FromException<float[]>(exception);
        }

        // Admit the request unless it would pass the limit; an empty queue always admits, so one request larger
        // than the limit still runs.
        var queued = Interlocked.Add(ref _queuedRows, rows.Length);
        if (queued > _options.MaxQueueRows && queued != rows.Length)
        {
            Interlocked.Add(ref _queuedRows, -rows.Length);
            return ValueTask.FromException<float[]>(new ScorerOverloadedException(queued - rows.Length, rows.Length, _options.MaxQueueRows));
        }

        var request = new ScoringRequest(rows, responses.Count, cancellationToken) { EnqueuedTimestamp = _timeProvider.GetTimestamp() };
        if (!_queue.Writer.TryWrite(request))
        {
            Interlocked.Add(ref _queuedRows, -rows.Length);
            request.Dispose();
            return ValueTask.FromException<float[]>(new ObjectDisposedException(nameof(ScoringPipeline)));
        }

        PipelineTracing.TraceRequest(request.Task, _scorerName, rows.Length, responses.Count);
        return new ValueTask<float[]>(request.Task);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Writer.TryComplete();
        _loop.Join();
        _metrics.Dispose();
        _model.Dispose();
    }

    private void RunLoop()
    {
        var reader = _queue.Reader;
        var pending = new List<ScoringRequest>();
        while (WaitForRows(reader))
        {
            Gather(reader, pending);
            try
            {
                RunPending(pending);
            }
            catch (Exception exception)
            {
                // The loop must outlive any failure, or every later request would wait forever.
                Log.BatchLoopFailed(_logger, exception);
                foreach (var request in pending)
                {
                    request.Fail(exception);
                }
            }
            finally
            {
                foreach (var request in pending)
                {
                    request.Dispose();
                }

                pending.Clear();
            }
        }
    }

    private static bool WaitForRows(ChannelReader<ScoringRequest> reader) =>
        reader.TryPeek(out _) || reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Takes every queued request, then keeps taking new ones until the batch window ends or a full batch of
    /// rows is waiting.
    /// </summary>
    private void Gather(ChannelReader<ScoringRequest> reader, List<ScoringRequest> pending)
    {
        var deadline = _timeProvider.GetTimestamp() + (long)(_options.BatchWindow.TotalSeconds * _timeProvider.TimestampFrequency);
        var rows = 0;
        while (true)
        {
            while (reader.TryRead(out var request))
            {
                Interlocked.Add(ref _queuedRows, -request.Rows.Length);
                pending.Add(request);
                rows += request.Rows.Length;
            }

            var remaining = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), deadline);
            if (rows >= _options.MaxBatchRows || remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var timeout = new CancellationTokenSource(remaining, _timeProvider);
            try
            {
                if (!reader.WaitToReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult())
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void RunPending(List<ScoringRequest> pending)
    {
        var rows = new List<EncodedInput>();
        var owners = new List<(ScoringRequest Request, int RowIndex)>();
        foreach (var request in pending.Where(request => !request.IsCompleted))
        {
            _metrics.RecordQueueWait(_timeProvider.GetElapsedTime(request.EnqueuedTimestamp));
            for (var i = 0; i < request.Rows.Length; i++)
            {
                rows.Add(request.Rows[i]);
                owners.Add((request, i));
            }
        }

        foreach (var batch in BatchPacker.Pack(rows, _options.MaxBatchTokens, _options.MaxBatchRows))
        {
            // A request cancelled while earlier batches ran is skipped before its rows run.
            var live = batch.Where(index => !owners[index].Request.IsCompleted).ToArray();
            if (live.Length == 0)
            {
                continue;
            }

            var batchRows = live.Select(index => rows[index]).ToArray();
            float[][] outputs;
            try
            {
                var runStart = _timeProvider.GetTimestamp();
                outputs = _model.Run(batchRows, CancellationToken.None);
                _metrics.RecordBatch(batchRows, _timeProvider.GetElapsedTime(runStart));
            }
            catch (Exception exception)
            {
                Log.BatchFailed(_logger, exception, live.Length);
                foreach (var index in live)
                {
                    owners[index].Request.Fail(exception);
                }

                continue;
            }

            for (var k = 0; k < live.Length; k++)
            {
                var (request, rowIndex) = owners[live[k]];
                if (request.SetOutput(rowIndex, outputs[k]) && !request.IsCompleted)
                {
                    Complete(request);
                }
            }
        }
    }

    private void Complete(ScoringRequest request)
    {
        try
        {
            request.Complete(_model.Combine(request.Outputs, request.ResponseCount));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            request.Fail(exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ScorerEventIds.BatchFailed, Level = LogLevel.Error,
            Message = "Scoring batch of {Rows} rows failed; its requests get the error")]
        public static partial void BatchFailed(ILogger logger, Exception exception, int rows);

        [LoggerMessage(EventId = ScorerEventIds.BatchLoopFailed, Level = LogLevel.Error,
            Message = "Scoring loop failed on a window of requests; they get the error and the loop goes on")]
        public static partial void BatchLoopFailed(ILogger logger, Exception exception);
    }
}
