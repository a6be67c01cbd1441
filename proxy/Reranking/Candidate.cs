using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cappy.Proxy.Reranking;

/// <summary>One choice returned by the upstream, with the text the scorer sees.</summary>
/// <param name="Choice">The upstream's choice object, returned to the client unchanged but for its index.</param>
/// <param name="Text">
/// The content (chat) or text (completions); for a tool call, its function names and arguments. Reasoning fields
/// (<c>reasoning_content</c>, <c>reasoning</c>) are passed through to the client but not scored.
/// </param>
/// <param name="FinishReason">The choice's <c>finish_reason</c>, or null.</param>
internal sealed record Candidate(JsonObject Choice, string Text, string? FinishReason)
{
    /// <summary>
    /// Whether the candidate is a finished answer: it has text or a tool call, and the upstream did not cut it at
    /// <c>max_tokens</c> (<c>finish_reason: "length"</c>). Unfinished candidates rank below finished ones.
    /// </summary>
    public bool IsComplete => !string.IsNullOrWhiteSpace(Text) && FinishReason != "length";

    public static Candidate FromChoice(JsonObject choice, EndpointKind endpoint)
    {
        var finishReason = choice["finish_reason"] is JsonValue reason && reason.TryGetValue<string>(out var value) ? value : null;
        if (endpoint == EndpointKind.Completions)
        {
            return new Candidate(choice, choice["text"] is JsonValue text && text.TryGetValue<string>(out var completion) ? completion : string.Empty, finishReason);
        }

        var message = choice["message"] as JsonObject;
        var content = RequestParser.ReadContentText(message?["content"]);
        if (content.Length == 0 && message?["tool_calls"] is JsonArray toolCalls)
        {
            content = string.Join('\n', toolCalls.OfType<JsonObject>().Select(call =>
                $"{call["function"]?["name"]}({call["function"]?["arguments"]})"));
        }

        return new Candidate(choice, content, finishReason);
    }

    /// <summary>Whether the text parses as one JSON value, as <c>response_format</c> JSON modes require.</summary>
    public bool IsValidJson()
    {
        try
        {
            using var document = JsonDocument.Parse(Text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The log-probabilities of the candidate's tokens from the upstream's <c>logprobs</c> (chat:
    /// <c>content[].logprob</c>; completions: <c>token_logprobs</c>), or null when the upstream sent none.
    /// </summary>
    public double[]? ReadTokenLogprobs()
    {
        var logprobs = Choice["logprobs"] as JsonObject;
        var values = logprobs?["content"] is JsonArray content
            ? content.Select(token => token?["logprob"])
            : (logprobs?["token_logprobs"] as JsonArray)?.AsEnumerable();
        if (values is null)
        {
            return null;
        }

        // A null entry (the first token of an echoed prompt) carries no probability and is skipped.
        return values.OfType<JsonValue>()
            .Where(value => value.GetValueKind() == JsonValueKind.Number)
            .Select(value => value.GetValue<double>())
            .ToArray();
    }
}
