using System.Text.Json.Nodes;
using Cappy.UpstreamSimulator.Protocol;

namespace Cappy.UpstreamSimulator.Streaming;

/// <summary>
/// Writes chunks as <c>text/event-stream</c> in the OpenAI framing: <c>data: {json}\n\n</c> per chunk, then
/// <c>data: [DONE]\n\n</c>, flushing after each event.
/// </summary>
internal sealed class ServerSentEventsResult(IReadOnlyList<JsonObject> chunks, TimeSpan chunkSpacing) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken);

        for (var i = 0; i < chunks.Count; i++)
        {
            if (i > 0 && chunkSpacing > TimeSpan.Zero)
            {
                await Task.Delay(chunkSpacing, cancellationToken);
            }

            await response.WriteAsync("data: " + JsonOutput.Serialize(chunks[i]) + "\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }

        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
