using System.Threading.Channels;
using Cappy.Proxy.Forwarding;
using Cappy.Proxy.Observability;
using Cappy.Proxy.Reranking;

namespace Cappy.Proxy.Capture;

/// <summary>
/// The request side of data capture: copies a reranked request into a <see cref="CaptureRecord"/> and queues it
/// for <see cref="CaptureWriterService"/> without waiting. When the queue is full the record is dropped and counted,
/// so capture never slows or fails a request.
/// </summary>
internal sealed partial class CaptureRecorder
{
    /// <summary>Default maximum of queued records. At 8 candidates of a few KB each, a full queue takes some tens of MB (an estimate).</summary>
    public const int DefaultCapacity = 1024;

    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly Channel<CaptureRecord> _queue;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CaptureRecorder> _logger;
    private readonly int _capacity;
    private long _dropped;
    private long _failed;
    private long _lastDropWarning = long.MinValue;
    private long _lastFailureLog = long.MinValue;

    /// <param name="timeProvider">Clock for record times and for rate-limiting warnings.</param>
    /// <param name="logger">Receives the dropped-record warnings.</param>
    /// <param name="capacity">Maximum of queued records; further records are dropped.</param>
    public CaptureRecorder(TimeProvider timeProvider, ILogger<CaptureRecorder> logger, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _timeProvider = timeProvider;
        _logger = logger;
        _capacity = capacity;
        _queue = Channel.CreateBounded<CaptureRecord>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Records dropped so far because the queue was full or the proxy was stopping.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The queued records, read by the writer service.</summary>
    public ChannelReader<CaptureRecord> Reader => _queue.Reader;

    /// <summary>
    /// Queues one reranked request when its route has capture enabled; returns at once in every case. Call it once
    /// the winner is known. Nothing of the request is changed.
    /// </summary>
    /// <param name="target">The request's route and settings.</param>
    /// <param name="instruction">The text the scorer paired with each candidate of this prompt.</param>
    /// <param name="ranking">The prompt's candidates, their scores and order, and the upstream responses.</param>
    public void Record(RerankTarget target, string instruction, GroupRanking ranking)
    {
        if (!target.Options.Capture.Enabled)
        {
            return;
        }

        CaptureRecord record;
        try
        {
            record = CaptureRecord.Create(_timeProvider.GetUtcNow(), target, instruction, ranking);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A bug in capture must not fail the request.
            var failed = Interlocked.Increment(ref _failed);
            if (TryStartInterval(ref _lastFailureLog))
            {
                Log.RecordFailed(_logger, exception, target.RouteId, failed);
            }

            return;
        }

        if (!_queue.Writer.TryWrite(record))
        {
            var dropped = Interlocked.Increment(ref _dropped);
            if (TryStartInterval(ref _lastDropWarning))
            {
                Log.Dropped(_logger, target.RouteId, dropped, _capacity);
            }
        }
    }

    /// <summary>Accepts no more records; the writer service then writes those queued and stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Returns true, and starts a new interval, when the last log of this kind is over a minute old.</summary>
    private bool TryStartInterval(ref long lastTimestamp)
    {
        var now = _timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref lastTimestamp);
        if (last != long.MinValue && _timeProvider.GetElapsedTime(last, now) < WarningInterval)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref lastTimestamp, now, last) == last;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.CaptureDropped, Level = LogLevel.Warning,
            Message = "Capture queue of {Capacity} records is full or closed; dropped a record of route {RouteId}, {Dropped} dropped since start. Logged at most once a minute")]
        public static partial void Dropped(ILogger logger, string routeId, long dropped, int capacity);

        [LoggerMessage(EventId = EventIds.CaptureRecordFailed, Level = LogLevel.Error,
            Message = "Capturing a request of route {RouteId} failed, {Failed} failures since start; the request was answered. Logged at most once a minute")]
        public static partial void RecordFailed(ILogger logger, Exception exception, string routeId, long failed);
    }
}
