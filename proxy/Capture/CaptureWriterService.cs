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
    RerankRouteTable routes,
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
        var writers = CreateWriters();
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            // Reads until Complete() and the queue is empty, not until stoppingToken, so that shutdown drains the queue.
            await foreach (var record in recorder.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (writers.TryGetValue(record.RouteId, out var writer))
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

    /// <summary>Creates a writer per route with capture on; routes with the same directory and route token share one.</summary>
    private Dictionary<string, CaptureFileWriter> CreateWriters()
    {
        var byRoute = new Dictionary<string, CaptureFileWriter>(StringComparer.OrdinalIgnoreCase);
        var byFile = new Dictionary<(string Directory, string RouteToken), CaptureFileWriter>();
        var writerLogger = loggerFactory.CreateLogger<CaptureFileWriter>();
        foreach (var (routeId, options) in routes.Routes)
        {
            if (!options.Enabled || !options.Capture.Enabled)
            {
                continue;
            }

            // Relative directories resolve against the current directory at start-up, as the proxy's other paths do.
            var directory = Path.GetFullPath(options.Capture.Directory!);
            var key = (directory, CaptureFileName.ToRouteToken(routeId));

            // NOTE: when two route ids map to one token (e.g. "a/b" and "a_b") in one directory, they share files,
            // and the size and count limits of the first route apply to both.
            if (!byFile.TryGetValue(key, out var writer))
            {
                writer = new CaptureFileWriter(directory, key.Item2, options.Capture, timeProvider, writerLogger);
                byFile[key] = writer;
            }

            byRoute[routeId] = writer;
            Log.CaptureEnabled(logger, routeId, directory, options.Capture.MaxFileBytes, options.Capture.MaxFiles);
        }

        return byRoute;
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
