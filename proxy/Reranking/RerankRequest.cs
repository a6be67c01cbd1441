using System.Text.Json.Nodes;

namespace Cappy.Proxy.Reranking;

/// <summary>A validated client request on a reranking route.</summary>
/// <param name="Endpoint">Chat or legacy completions.</param>
/// <param name="Body">The client's JSON body, unchanged; upstream bodies are built from copies of it.</param>
/// <param name="Instructions">
/// The text the scorer pairs with each candidate: one for chat, one per prompt for legacy completions, whose prompt
/// array gets one best choice per prompt.
/// </param>
/// <param name="ReturnCount">Choices to return per prompt: the client's <c>n</c>, default 1.</param>
/// <param name="Stream">Whether the client asked for server-sent events.</param>
/// <param name="IncludeUsage">Whether a streamed response ends with a usage chunk (<c>stream_options.include_usage</c>).</param>
/// <param name="RequiresJson">Whether <c>response_format</c> asks for JSON, so candidates that do not parse are dropped.</param>
/// <param name="RequestsLogprobs">Whether the client asked for <c>logprobs</c> itself.</param>
internal sealed record RerankRequest(
    EndpointKind Endpoint,
    JsonObject Body,
    IReadOnlyList<string> Instructions,
    int ReturnCount,
    bool Stream,
    bool IncludeUsage,
    bool RequiresJson,
    bool RequestsLogprobs)
{
    /// <summary>
    /// Builds the upstream body for prompt <paramref name="promptIndex"/>: the client's body without streaming, with
    /// that one prompt (legacy completions), the route's temperature when the client set none, and logprobs when
    /// the ranking needs them.
    /// </summary>
    public JsonObject CreateUpstreamBody(int promptIndex, double? temperature, bool needsLogprobs)
    {
        var body = (JsonObject)Body.DeepClone();
        body.Remove("stream");
        body.Remove("stream_options");
        if (Endpoint == EndpointKind.Completions)
        {
            body["prompt"] = Instructions[promptIndex];
        }

        if (temperature is { } value && body["temperature"] is null)
        {
            body["temperature"] = value;
        }

        if (needsLogprobs && !RequestsLogprobs)
        {
            body["logprobs"] = Endpoint == EndpointKind.ChatCompletions ? true : 0;
        }

        return body;
    }
}
