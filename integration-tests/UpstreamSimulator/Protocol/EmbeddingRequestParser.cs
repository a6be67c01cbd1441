using System.Text.Json;
using Cappy.UpstreamSimulator.Generation;

namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>Validates a <c>/v1/embeddings</c> body.</summary>
internal static class EmbeddingRequestParser
{
    /// <summary>The vector length when the request sets no <c>dimensions</c>.</summary>
    public const int DefaultDimensions = 16;

    private const int MaxDimensions = 4096;

    public static bool TryParse(JsonElement body, out EmbeddingRequest request, out RequestError? error)
    {
        request = null!;
        if (!TryReadInputs(body, out var inputs, out var promptTokens, out error))
        {
            return false;
        }

        string? model = null;
        int? dimensions = null;
        string? encodingFormat = null;
        if (!JsonFields.TryReadString(body, "model", ref model, out error)
            || !JsonFields.TryReadInt(body, "dimensions", 1, MaxDimensions, ref dimensions, out error)
            || !JsonFields.TryReadString(body, "encoding_format", ref encodingFormat, out error))
        {
            return false;
        }

        if (encodingFormat is not (null or "float" or "base64"))
        {
            error = new RequestError($"'encoding_format' must be 'float' or 'base64', got '{encodingFormat}'.", "encoding_format");
            return false;
        }

        request = new EmbeddingRequest(
            inputs,
            promptTokens,
            string.IsNullOrEmpty(model) ? null : model,
            dimensions ?? DefaultDimensions,
            encodingFormat == "base64");
        return true;
    }

    private static bool TryReadInputs(
        JsonElement body, out IReadOnlyList<string> inputs, out int promptTokens, out RequestError? error)
    {
        inputs = [];
        promptTokens = 0;
        error = null;
        if (!body.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            error = new RequestError("'input' is a required field.", "input");
            return false;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            var text = input.GetString()!;
            inputs = [text];
            promptTokens = WordTokens.Count(text);
            return true;
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            error = new RequestError(
                $"'input' must be a string or a non-empty array, got {JsonFields.Describe(input)}.", "input");
            return false;
        }

        // An array of numbers is one token-id input; an array of strings or of number arrays is a batch.
        if (input.EnumerateArray().All(item => item.ValueKind == JsonValueKind.Number))
        {
            inputs = [input.GetRawText()];
            promptTokens = input.GetArrayLength();
            return true;
        }

        var texts = new List<string>();
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                texts.Add(item.GetString()!);
                promptTokens += WordTokens.Count(item.GetString()!);
            }
            else if (item.ValueKind == JsonValueKind.Array && item.EnumerateArray().All(id => id.ValueKind == JsonValueKind.Number))
            {
                texts.Add(item.GetRawText());
                promptTokens += item.GetArrayLength();
            }
            else
            {
                error = new RequestError("each item of 'input' must be a string or an array of token ids.", "input");
                return false;
            }
        }

        inputs = texts;
        return true;
    }
}
