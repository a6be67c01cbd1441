using System.Text.Json;

namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>
/// Readers for optional request fields. Each returns false and sets an error naming the field when the value
/// has the wrong type or range. An absent field or JSON null leaves the default.
/// </summary>
internal static class JsonFields
{
    /// <summary>The largest accepted <c>n</c>, a cap that keeps one response bounded in size.</summary>
    public const int MaxChoices = 128;

    /// <summary>The largest accepted top-logprob count, vLLM's default <c>max_logprobs</c>.</summary>
    public const int MaxTopLogprobs = 20;

    public static bool TryReadInt(
        JsonElement body, string name, int minimum, int maximum, ref int? value, out RequestError? error)
    {
        error = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var number))
        {
            error = new RequestError($"'{name}' must be an integer, got {Describe(element)}.", name);
            return false;
        }

        if (number < minimum || number > maximum)
        {
            error = new RequestError($"'{name}' must be from {minimum} to {maximum}, got {number}.", name);
            return false;
        }

        value = number;
        return true;
    }

    public static bool TryReadBool(JsonElement body, string name, ref bool value, out RequestError? error)
    {
        error = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = new RequestError($"'{name}' must be a boolean, got {Describe(element)}.", name);
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    public static bool TryReadString(JsonElement body, string name, ref string? value, out RequestError? error)
    {
        error = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = new RequestError($"'{name}' must be a string, got {Describe(element)}.", name);
            return false;
        }

        value = element.GetString();
        return true;
    }

    /// <summary>Reads the fields that chat and completions share: model, n, stream and stream_options.</summary>
    public static bool TryReadCommon(JsonElement body, GenerationRequest request, out GenerationRequest result, out RequestError? error)
    {
        result = request;
        string? model = null;
        int? n = null;
        var stream = false;
        if (!TryReadString(body, "model", ref model, out error)
            || !TryReadInt(body, "n", 1, MaxChoices, ref n, out error)
            || !TryReadBool(body, "stream", ref stream, out error))
        {
            return false;
        }

        var includeUsage = false;
        if (body.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind != JsonValueKind.Null)
        {
            if (!stream)
            {
                error = new RequestError("'stream_options' can only be set when 'stream' is true.", "stream_options");
                return false;
            }

            if (streamOptions.ValueKind != JsonValueKind.Object)
            {
                error = new RequestError($"'stream_options' must be an object, got {Describe(streamOptions)}.", "stream_options");
                return false;
            }

            if (!TryReadBool(streamOptions, "include_usage", ref includeUsage, out error))
            {
                error = error! with { Param = "stream_options.include_usage" };
                return false;
            }
        }

        result = request with
        {
            Model = string.IsNullOrEmpty(model) ? null : model,
            N = n ?? 1,
            Stream = stream,
            IncludeUsage = includeUsage,
        };
        return true;
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
