using System.Buffers;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Observability;

namespace Cappy.Proxy.Capture;

/// <summary>
/// Writes the records that <see cref="CaptureRecorder"/> queues, each as one line in its route's capture files.
/// One <see cref="CaptureFileWriter"/> serves each pair of directory and route token, and only this service's loop
/// uses it. On shutdown it stops taking records and writes every queued one before it returns. The host stops
/// this service after the web server, so requests that were still running at shutdown are captured too.
/// </summary>
internal sealed partial class CaptureWriterService(
    CaptureRecorder recorder,
    RerankRoutes routes,
    TimeProvider timeProvider,
    ILogger<CaptureWriterService> logger,
    ILoggerFactory loggerFactory) : BackgroundService
{
    /// <summary>Above this size the line buffer is replaced after use, so one huge request does not keep its memory.</summary>
    private const int MaxRetainedBufferBytes = 1024 * 1024;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writers = new Dictionary<(string Directory, string RouteToken), CaptureFileWriter>();
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            // Reads until Complete() and the queue is empty, not until stoppingToken, so that shutdown drains the queue.
            await foreach (var record in recorder.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (FindWriter(writers, record.RouteId) is { } writer)
                {
                    WriteRecord(writer, record, buffer);
                }

                if (buffer.Capacity > MaxRetainedBufferBytes)
                {
                    buffer = new ArrayBufferWriter<byte>();
                }
            }
        }
        finally
        {
            foreach (var writer in writers.Values.Distinct())
            {
                writer.Dispose();
            }
        }
    }

    private void WriteRecord(CaptureFileWriter writer, CaptureRecord record, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        try
        {
            CaptureLine.Write(record, buffer);
        }
        catch (ArgumentException exception)
        {
            // Utf8JsonWriter rejects text that is not valid UTF-16, such as a lone surrogate.
            Log.LineFailed(logger, exception, record.RouteId);
            return;
        }
        catch (InvalidOperationException exception)
        {
            Log.LineFailed(logger, exception, record.RouteId);
            return;
        }

        writer.Write(buffer.WrittenSpan, record.RouteId);
    }

    /// <summary>
    /// Returns the writer of the route's capture settings in force, creating it on first use, so routes that turn
    /// capture on in a reload are written too. Routes with the same directory and route token share one writer.
    /// </summary>
    private CaptureFileWriter? FindWriter(Dictionary<(string Directory, string RouteToken), CaptureFileWriter> writers, string routeId)
    {
        var options = routes.Current.Find(routeId);
        if (options is null || !options.Capture.Enabled)
        {
            return null;
        }

        // Relative directories resolve against the current directory, as the proxy's other paths do.
        var directory = Path.GetFullPath(options.Capture.Directory!);
        var key = (directory, CaptureFileName.ToRouteToken(routeId));

        // NOTE: a writer keeps the size and count limits it was created with: when two route ids map to one token
        // (e.g. "a/b" and "a_b") in one directory, or a reload changes the limits, the first limits stay in force.
        if (!writers.TryGetValue(key, out var writer))
        {
            writer = new CaptureFileWriter(directory, key.Item2, options.Capture, timeProvider, loggerFactory.CreateLogger<CaptureFileWriter>());
            writers[key] = writer;
            Log.CaptureEnabled(logger, routeId, directory, options.Capture.MaxFileBytes, options.Capture.MaxFiles);
        }

        return writer;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.CaptureEnabled, Level = LogLevel.Warning,
            Message = "Route {RouteId} writes every reranked request, prompts and completions in clear text, to capture files in {Directory} (MaxFileBytes {MaxFileBytes}, MaxFiles {MaxFiles})")]
        public static partial void CaptureEnabled(ILogger logger, string routeId, string directory, long maxFileBytes, int maxFiles);

        [LoggerMessage(EventId = EventIds.CaptureLineFailed, Level = LogLevel.Error,
            Message = "A capture record of route {RouteId} could not be written as JSON and was skipped")]
        public static partial void LineFailed(ILogger logger, Exception exception, string routeId);
    }
}
