using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Errors;

namespace Cappy.Proxy.Reranking;

/// <summary>
/// Validates a chat or completions request body and extracts what the reranker needs. Invalid input raises
/// <see cref="ProxyException"/> naming the field, so the client gets a 400 in the OpenAI shape.
/// </summary>
internal static class RequestParser
{
    /// <summary>The largest client <c>n</c> the reranker accepts.</summary>
    public const int MaxReturnCount = 128;

    /// <summary>The most prompts one legacy completions request may carry; each costs N upstream candidates.</summary>
    public const int MaxPrompts = 32;

    public static RerankRequest Parse(ReadOnlyMemory<byte> body, EndpointKind endpoint, InstructionRendering rendering, int maxN = MaxReturnCount)
    {
        // System.Text.Json checks UTF-8 only when a string is read, which would surface as an unhandled exception later.
        if (!Utf8.IsValid(body.Span))
        {
            throw new ProxyException(ProxyError.InvalidJson, "The request body is not valid UTF-8. Send JSON encoded as UTF-8.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span.Length == 0 ? "null"u8 : body.Span);
        }
        catch (JsonException exception)
        {
            throw new ProxyException(ProxyError.InvalidJson, $"The request body is not valid JSON: {JsonErrorText.Describe(exception)}");
        }

        if (root is not JsonObject request)
        {
            throw new ProxyException(ProxyError.InvalidJson, "The request body must be a JSON object.");
        }

        var returnCount = ReadReturnCount(request, maxN);
        var stream = ReadBoolean(request, "stream") ?? false;
        var includeUsage = false;
        if (request["stream_options"] is JsonObject streamOptions)
        {
            includeUsage = ReadBoolean(streamOptions, "include_usage", "stream_options.include_usage") ?? false;
        }
        else if (request["stream_options"] is not null)
        {
            throw new ProxyException(ProxyError.InvalidField, "stream_options must be an object.", "stream_options");
        }

        IReadOnlyList<string> instructions = endpoint == EndpointKind.ChatCompletions
            ? [ReadChatInstruction(request, rendering)]
            : ReadPrompts(request);
        return new RerankRequest(endpoint, request, instructions, returnCount, stream, includeUsage, RequiresJson(request), RequestsLogprobs(request));
    }

    /// <summary>Returns the text of a message's <c>content</c>: a string, or the text parts of a content array.</summary>
    public static string ReadContentText(JsonNode? content)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        if (content is JsonArray parts)
        {
            var builder = new StringBuilder();
            foreach (var part in parts.OfType<JsonObject>())
            {
                if (part["text"] is JsonValue partText && partText.TryGetValue<string>(out var piece))
                {
                    if (builder.Length > 0)
                    {
                        builder.Append('\n');
                    }

                    builder.Append(piece);
                }
            }

            return builder.ToString();
        }

        return string.Empty;
    }

    private static int ReadReturnCount(JsonObject request, int maxN)
    {
        var node = request["n"];
        if (node is null)
        {
            return 1;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var n) && n >= 1 && n <= maxN)
        {
            return n;
        }

        throw new ProxyException(ProxyError.InvalidField, $"n must be an integer between 1 and {maxN} (route setting Rerank:MaxN), got {node.ToJsonString(WireJson.Options)}.", "n");
    }

    private static bool RequiresJson(JsonObject request)
    {
        var type = request["response_format"] is JsonObject format && format["type"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return type is "json_object" or "json_schema";
    }

    private static bool RequestsLogprobs(JsonObject request) => request["logprobs"] switch
    {
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => true,
        _ => false,
    };

    private static bool? ReadBoolean(JsonObject owner, string name, string? param = null)
    {
        var node = owner[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var result))
        {
            return result;
        }

        throw new ProxyException(ProxyError.InvalidField, $"{param ?? name} must be a boolean, got {node.ToJsonString(WireJson.Options)}.", param ?? name);
    }

    private static string ReadChatInstruction(JsonObject request, InstructionRendering rendering)
    {
        if (request["messages"] is not JsonArray messages || messages.Count == 0)
        {
            throw new ProxyException(ProxyError.InvalidField, "messages must be a non-empty array of chat messages.", "messages");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject message || message["role"] is not JsonValue role || !role.TryGetValue<string>(out _))
            {
                throw new ProxyException(ProxyError.InvalidField, $"messages[{i}] must be an object with a string role.", $"messages[{i}]");
            }
        }

        if (rendering == InstructionRendering.LastUserMessage)
        {
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                var message = (JsonObject)messages[i]!;
                if (message["role"]!.GetValue<string>() == "user")
                {
                    return ReadContentText(message["content"]);
                }
            }
        }

        // The whole conversation: asked for, or the fallback when no message has the user role.
        var builder = new StringBuilder();
        foreach (var message in messages.Cast<JsonObject>())
        {
            builder.Append(message["role"]!.GetValue<string>()).Append(": ").Append(ReadContentText(message["content"])).Append('\n');
        }

        return builder.ToString().TrimEnd('\n');
    }

    /// <summary>Returns the prompt, or each prompt of a prompt array (each gets its own best choice).</summary>
    private static string[] ReadPrompts(JsonObject request)
    {
        var prompt = request["prompt"];
        if (prompt is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return [text];
        }

        if (prompt is JsonArray { Count: > 0 and <= MaxPrompts } array && array.All(item => item is JsonValue element && element.GetValueKind() == JsonValueKind.String))
        {
            return array.Select(item => item!.GetValue<string>()).ToArray();
        }

        throw new ProxyException(ProxyError.InvalidField, $"prompt must be a string or an array of 1 to {MaxPrompts} strings (token-id prompts are not supported by the reranker).", "prompt");
    }
}
