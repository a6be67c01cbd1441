using System.Diagnostics;

namespace Cappy.UpstreamSimulator.Observability;

/// <summary>Logs one line per request with method, path, status and duration; never the body.</summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, SimulatorStats stats)
    {
        var started = Stopwatch.GetTimestamp();
        var isApi = context.Request.Path.StartsWithSegments("/v1");
        if (isApi)
        {
            stats.RecordAuthorization(context.Request.Headers.Authorization.FirstOrDefault());
        }

        try
        {
            await next(context);
        }
        finally
        {
            if (isApi && context.RequestAborted.IsCancellationRequested)
            {
                stats.CountAborted();
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            Log.RequestCompleted(
                logger,
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Response.StatusCode,
                elapsed.TotalMilliseconds);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.RequestCompleted, Level = LogLevel.Information,
            Message = "{Method} {Path} returned {StatusCode} in {ElapsedMs:F1} ms")]
        public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMs);
    }
}
