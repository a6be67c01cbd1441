using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Cappy.Proxy.Bench;

/// <summary>
/// The one HTTP client of the proxy benchmark: sends the chat completions request of a prompt number to a path,
/// times it up to the last byte of the response, and checks that the answer belongs to that prompt.
/// </summary>
internal sealed class ChatLoadClient : IDisposable
{
    /// <summary>Time one request may take before it counts as lost.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient _client;

    public ChatLoadClient()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        _client = new HttpClient(handler) { Timeout = RequestTimeout };
    }

    /// <summary>The underlying client, for readiness probes of the started servers.</summary>
    public HttpClient Http => _client;

    /// <summary>
    /// Sends request number <paramref name="index"/> to <c>/v1/chat/completions</c> under
    /// <paramref name="baseAddress"/>, with the route header when <paramref name="route"/> is set, and returns how
    /// it ended and the milliseconds until the whole response was read.
    /// </summary>
    public async Task<(ChatRequestOutcome Outcome, double Milliseconds)> SendAsync(Uri baseAddress, string? route, int index, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "v1/chat/completions"))
        {
            Version = HttpVersion.Version11,
            Content = new ByteArrayContent(ProxyBenchPrompts.RequestBody(index)),
        };
        request.Content.Headers.ContentType = JsonContentType;
        if (route is not null)
        {
            request.Headers.TryAddWithoutValidation(ProxyProcess.RouteHeader, route);
        }

        var start = Stopwatch.GetTimestamp();
        byte[] body;
        HttpStatusCode status;
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            status = response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A refused or reset connection, a truncated body, or the request timeout.
            return (ChatRequestOutcome.Lost, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if ((int)status is < 200 or > 299)
        {
            return (ChatRequestOutcome.Error, milliseconds);
        }

        return (ProxyBenchPrompts.IsAnswerOf(index, ReadContent(body)) ? ChatRequestOutcome.Answered : ChatRequestOutcome.Lost, milliseconds);
    }

    /// <summary>Returns <c>choices[0].message.content</c> of a chat completion, or null when the body has none.</summary>
    public static string? ReadContent(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                && choices[0].ValueKind == JsonValueKind.Object
                && choices[0].TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                return content.GetString();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();
}
