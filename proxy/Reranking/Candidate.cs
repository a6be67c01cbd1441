using System.Text.Json.Nodes;

namespace Cappy.Proxy.Reranking;

/// <summary>One choice returned by the upstream, with the text the scorer sees.</summary>
/// <param name="Choice">The upstream's choice object, returned to the client unchanged but for its index.</param>
/// <param name="Text">The content (chat) or text (completions); for a tool call, its function names and arguments.</param>
internal sealed record Candidate(JsonObject Choice, string Text)
{
    public static Candidate FromChoice(JsonObject choice, EndpointKind endpoint)
    {
        if (endpoint == EndpointKind.Completions)
        {
            return new Candidate(choice, choice["text"] is JsonValue text && text.TryGetValue<string>(out var value) ? value : string.Empty);
        }

        var message = choice["message"] as JsonObject;
        var content = RequestParser.ReadContentText(message?["content"]);
        if (content.Length == 0 && message?["tool_calls"] is JsonArray toolCalls)
        {
            content = string.Join('\n', toolCalls.OfType<JsonObject>().Select(call =>
                $"{call["function"]?["name"]}({call["function"]?["arguments"]})"));
        }

        return new Candidate(choice, content);
    }
}
