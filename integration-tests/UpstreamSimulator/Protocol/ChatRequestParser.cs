using System.Text;
using System.Text.Json;
using Cappy.UpstreamSimulator.Generation;

namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>Validates a <c>/v1/chat/completions</c> body the way vLLM does and extracts the fields the simulator uses.</summary>
internal static class ChatRequestParser
{
    public static bool TryParse(JsonElement body, out GenerationRequest request, out RequestError? error)
    {
        request = null!;
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            error = new RequestError("'messages' is a required field.", "messages");
            return false;
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            error = new RequestError("'messages' must be a non-empty array of messages.", "messages");
            return false;
        }

        var lastUserText = string.Empty;
        var promptTokens = 0;
        var position = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (!TryReadMessage(message, position, out var role, out var text, out error))
            {
                return false;
            }

            promptTokens += WordTokens.Count(text);
            if (role == "user")
            {
                lastUserText = text;
            }

            position++;
        }

        var parsed = new GenerationRequest { Prompts = [lastUserText], PromptTokens = promptTokens };
        if (!JsonFields.TryReadCommon(body, parsed, out parsed, out error))
        {
            return false;
        }

        // vLLM prefers max_completion_tokens and falls back to the older max_tokens.
        int? maxTokens = null;
        int? maxCompletionTokens = null;
        var logprobs = false;
        int? topLogprobs = null;
        if (!JsonFields.TryReadInt(body, "max_tokens", 1, int.MaxValue, ref maxTokens, out error)
            || !JsonFields.TryReadInt(body, "max_completion_tokens", 1, int.MaxValue, ref maxCompletionTokens, out error)
            || !JsonFields.TryReadBool(body, "logprobs", ref logprobs, out error)
            || !JsonFields.TryReadInt(body, "top_logprobs", 0, JsonFields.MaxTopLogprobs, ref topLogprobs, out error))
        {
            return false;
        }

        if (topLogprobs is not null && !logprobs)
        {
            error = new RequestError("'top_logprobs' needs 'logprobs' set to true.", "top_logprobs");
            return false;
        }

        request = parsed with
        {
            MaxTokens = maxCompletionTokens ?? maxTokens,
            Logprobs = logprobs,
            TopLogprobs = topLogprobs ?? 0,
        };
        return true;
    }

    private static bool TryReadMessage(
        JsonElement message, int position, out string role, out string text, out RequestError? error)
    {
        role = string.Empty;
        text = string.Empty;
        error = null;
        var param = $"messages[{position}]";
        if (message.ValueKind != JsonValueKind.Object)
        {
            error = new RequestError($"'{param}' must be an object, got {JsonFields.Describe(message)}.", param);
            return false;
        }

        if (!message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
        {
            error = new RequestError($"'{param}.role' is required and must be a string.", $"{param}.role");
            return false;
        }

        role = roleElement.GetString()!;
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            text = content.GetString()!;
            return true;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            error = new RequestError(
                $"'{param}.content' must be a string or an array of content parts, got {JsonFields.Describe(content)}.",
                $"{param}.content");
            return false;
        }

        // Text parts are joined with newlines. Other parts, such as images, do not select outputs and are skipped.
        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
                && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
            {
                if (builder.Length > 0)
                {
                    builder.Append('\n');
                }

                builder.Append(partText.GetString());
            }
        }

        text = builder.ToString();
        return true;
    }
}
