using System.Globalization;
using System.Text.Json.Nodes;

namespace Cappy.Proxy.Reranking;

/// <summary>
/// Replays a finished response as OpenAI streaming chunks: for each choice a role delta, content deltas and a
/// finish chunk (chat), or text pieces and a finish chunk (completions); then a usage chunk with
/// <c>choices: []</c> when the client asked for it, then <c>data: [DONE]</c>.
/// </summary>
internal static class StreamReplayer
{
    /// <summary>Characters of content per delta chunk.</summary>
    private const int PieceLength = 64;

    public static async Task ReplayAsync(EventStreamWriter writer, JsonObject response, EndpointKind endpoint, bool includeUsage, CancellationToken cancellationToken)
    {
        var choices = response["choices"] as JsonArray ?? [];
        foreach (var choice in choices.OfType<JsonObject>())
        {
            var chunks = endpoint == EndpointKind.ChatCompletions ? ChatChunks(choice) : CompletionChunks(choice);
            foreach (var chunkChoice in chunks)
            {
                await writer.WriteDataAsync(CreateChunk(response, endpoint, [chunkChoice]), cancellationToken);
            }
        }

        if (includeUsage && response["usage"] is JsonObject usage)
        {
            var usageChunk = CreateChunk(response, endpoint, []);
            usageChunk["usage"] = usage.DeepClone();
            await writer.WriteDataAsync(usageChunk, cancellationToken);
        }

        await writer.WriteDoneAsync(cancellationToken);
    }

    private static JsonObject CreateChunk(JsonObject response, EndpointKind endpoint, JsonArray choices)
    {
        var chunk = new JsonObject
        {
            ["id"] = response["id"]?.DeepClone(),
            ["object"] = endpoint == EndpointKind.ChatCompletions ? "chat.completion.chunk" : "text_completion",
            ["created"] = response["created"]?.DeepClone(),
            ["model"] = response["model"]?.DeepClone(),
        };
        if (response["system_fingerprint"] is { } fingerprint)
        {
            chunk["system_fingerprint"] = fingerprint.DeepClone();
        }

        chunk["choices"] = choices;
        return chunk;
    }

    private static IEnumerable<JsonObject> ChatChunks(JsonObject choice)
    {
        var index = choice["index"]?.DeepClone();
        var message = choice["message"] as JsonObject ?? [];
        var role = message["role"]?.DeepClone() ?? "assistant";
        yield return ChatDelta(index, new JsonObject { ["role"] = role, ["content"] = "" }, null, null);

        var logprobs = choice["logprobs"]?.DeepClone();
        foreach (var name in new[] { "reasoning_content", "reasoning" })
        {
            if (message[name] is JsonValue reasoning && reasoning.TryGetValue<string>(out var reasoningText) && reasoningText.Length > 0)
            {
                foreach (var piece in Split(reasoningText))
                {
                    yield return ChatDelta(index, new JsonObject { [name] = piece }, null, null);
                }
            }
        }

        var content = RequestParser.ReadContentText(message["content"]);
        var first = true;
        foreach (var piece in Split(content))
        {
            // The winner's logprobs travel whole on its first content chunk.
            yield return ChatDelta(index, new JsonObject { ["content"] = piece }, first ? logprobs : null, null);
            first = false;
        }

        if (message["tool_calls"] is JsonArray toolCalls)
        {
            var calls = new JsonArray();
            for (var i = 0; i < toolCalls.Count; i++)
            {
                if (toolCalls[i]?.DeepClone() is JsonObject call)
                {
                    call["index"] = i;
                    calls.Add(call);
                }
            }

            yield return ChatDelta(index, new JsonObject { ["tool_calls"] = calls }, null, null);
        }

        yield return ChatDelta(index, [], null, choice["finish_reason"]?.DeepClone() ?? "stop");
    }

    private static JsonObject ChatDelta(JsonNode? index, JsonObject delta, JsonNode? logprobs, JsonNode? finishReason) => new()
    {
        ["index"] = index?.DeepClone() ?? 0,
        ["delta"] = delta,
        ["logprobs"] = logprobs,
        ["finish_reason"] = finishReason,
    };

    private static IEnumerable<JsonObject> CompletionChunks(JsonObject choice)
    {
        var index = choice["index"]?.DeepClone() ?? 0;
        var text = choice["text"] is JsonValue value && value.TryGetValue<string>(out var content) ? content : string.Empty;
        var logprobs = choice["logprobs"]?.DeepClone();
        var first = true;
        foreach (var piece in Split(text))
        {
            yield return new JsonObject
            {
                ["index"] = index.DeepClone(),
                ["text"] = piece,
                ["logprobs"] = first ? logprobs : null,
                ["finish_reason"] = null,
            };
            first = false;
        }

        yield return new JsonObject
        {
            ["index"] = index.DeepClone(),
            ["text"] = "",
            ["logprobs"] = null,
            ["finish_reason"] = choice["finish_reason"]?.DeepClone() ?? "stop",
        };
    }

    /// <summary>Splits text into pieces of about <see cref="PieceLength"/> characters without cutting a grapheme.</summary>
    private static IEnumerable<string> Split(string text)
    {
        var start = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var end = enumerator.ElementIndex + enumerator.GetTextElement().Length;
            if (end - start >= PieceLength)
            {
                yield return text[start..end];
                start = end;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
