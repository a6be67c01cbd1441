using System.Text;
using System.Text.Json.Nodes;
using Cappy.Proxy.Errors;

namespace Cappy.Proxy.Reranking;

/// <summary>
/// Writes a <c>text/event-stream</c> response in the form OpenAI clients read: <c>data:</c> lines and <c>:</c>
/// comments only, never <c>id:</c>, <c>retry:</c> or <c>event:</c>. Writes are serialized, so a keep-alive timer
/// and the request can share one writer.
/// </summary>
internal sealed class EventStreamWriter(HttpResponse response) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Timer? _keepAlive;

    /// <summary>Sends status 200 and the event-stream headers at once, before any candidate exists.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Writes a <c>: keepalive</c> comment every <paramref name="interval"/> until stopped.</summary>
    public void StartKeepAlive(TimeSpan interval, CancellationToken cancellationToken)
    {
        _keepAlive = new Timer(_ => _ = WriteCommentSafeAsync("keepalive", cancellationToken), null, interval, interval);
    }

    public async Task StopKeepAliveAsync()
    {
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync();
            _keepAlive = null;
        }
    }

    public Task WriteDataAsync(JsonNode data, CancellationToken cancellationToken) =>
        WriteRawAsync("data: " + data.ToJsonString(WireJson.Options) + "\n\n", cancellationToken);

    public Task WriteDoneAsync(CancellationToken cancellationToken) => WriteRawAsync("data: [DONE]\n\n", cancellationToken);

    public Task WriteCommentAsync(string comment, CancellationToken cancellationToken) =>
        WriteRawAsync(": " + comment.ReplaceLineEndings(" ") + "\n\n", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopKeepAliveAsync();
        _gate.Dispose();
    }

    private async Task WriteCommentSafeAsync(string comment, CancellationToken cancellationToken)
    {
        try
        {
            await WriteCommentAsync(comment, cancellationToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The client left or the response ended; the request's own path reports that.
        }
    }

    private async Task WriteRawAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await response.Body.WriteAsync(bytes, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
