using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>Raw HTTP calls to the proxy with a bounded wait, so a hang fails the test instead of stalling it.</summary>
internal static class ProxyCalls
{
    /// <summary>The longest any single proxy call in these tests may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static HttpClient CreateClient(Uri baseAddress) => new() { BaseAddress = baseAddress, Timeout = Timeout };

    public static string ChatBody(string prompt, bool stream = false) => new JsonObject
    {
        ["model"] = "m",
        ["stream"] = stream,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
    }.ToJsonString();

    public static Task<ProxyReply> PostChatAsync(HttpClient client, string body) =>
        PostChatAsync(client, Encoding.UTF8.GetBytes(body));

    public static async Task<ProxyReply> PostChatAsync(HttpClient client, byte[] body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        configure?.Invoke(request);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null;
        var candidates = response.Headers.TryGetValues("x-cappy-candidates", out var counts) ? string.Join(",", counts) : null;
        return new ProxyReply(response.StatusCode, text, retryAfter, candidates);
    }

    /// <summary>Joins the <c>delta.content</c> of every chunk of a chat event stream.</summary>
    public static string ReadStreamedContent(string eventStream) => string.Concat(eventStream
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
        .Select(line => JsonNode.Parse(line["data: ".Length..])!["choices"]?.AsArray())
        .Where(choices => choices is { Count: > 0 })
        .Select(choices => choices![0]!["delta"]?["content"]?.GetValue<string>()));
}
