using System.Text.Json;
using System.Text.Json.Nodes;
using Cappy.Proxy.Errors;

namespace Cappy.Proxy.RerankApi;

/// <summary>
/// Reads typed fields from a request body. Every invalid value raises a <see cref="ProxyException"/> that names
/// the field, so the client gets a 400 instead of a server error.
/// </summary>
internal static class JsonFieldReader
{
    public static JsonObject ParseObject(ReadOnlyMemory<byte> body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span.Length == 0 ? "null"u8 : body.Span);
        }
        catch (JsonException exception)
        {
            throw new ProxyException(ProxyError.InvalidJson, $"The request body is not valid JSON: {JsonErrorText.Describe(exception)}");
        }

        return root as JsonObject ?? throw new ProxyException(ProxyError.InvalidJson, "The request body must be a JSON object.");
    }

    /// <summary>Returns the string value of a field, or null when it is absent or JSON null.</summary>
    public static string? ReadOptionalString(JsonObject owner, string name)
    {
        var node = owner[name];
        if (node is null)
        {
            return null;
        }

        return TryReadString(node, out var text)
            ? text
            : throw Invalid(name, $"{name} must be a string, got {Describe(node)}.");
    }

    /// <summary>Returns the value of a required string field that contains more than white space.</summary>
    public static string ReadRequiredText(JsonObject owner, string name)
    {
        var text = ReadOptionalString(owner, name) ?? throw Invalid(name, $"{name} is missing; it must be a non-empty string.");
        return string.IsNullOrWhiteSpace(text)
            ? throw Invalid(name, $"{name} must be a non-empty string.")
            : text;
    }

    public static bool? ReadOptionalBoolean(JsonObject owner, string name)
    {
        var node = owner[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<bool>(out var result)
            ? result
            : throw Invalid(name, $"{name} must be a boolean, got {Describe(node)}.");
    }

    /// <summary>Returns the value of an optional integer field that must be at least 1.</summary>
    public static int? ReadOptionalPositiveInteger(JsonObject owner, string name)
    {
        var node = owner[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var result) && result >= 1)
        {
            return result;
        }

        throw Invalid(name, $"{name} must be an integer of at least 1, got {Describe(node)}.");
    }

    /// <summary>Returns a required non-empty array of at most <see cref="RerankApiLimits.MaxDocuments"/> items.</summary>
    public static JsonArray ReadItems(JsonObject owner, string name, string itemDescription)
    {
        var node = owner[name] ?? throw Invalid(name, $"{name} is missing; it must be a non-empty array of {itemDescription}.");
        if (node is not JsonArray items || items.Count == 0)
        {
            throw Invalid(name, $"{name} must be a non-empty array of {itemDescription}, got {Describe(node)}.");
        }

        if (items.Count > RerankApiLimits.MaxDocuments)
        {
            throw Invalid(name, $"{name} has {items.Count} items; the maximum is {RerankApiLimits.MaxDocuments}. Split the request.");
        }

        return items;
    }

    public static bool TryReadString(JsonNode? node, out string text)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.TryGetValue(out string? result))
        {
            text = result;
            return true;
        }

        text = string.Empty;
        return false;
    }

    public static ProxyException Invalid(string param, string message) => new(ProxyError.InvalidField, message, param);

    /// <summary>Returns a short form of a JSON value for an error message, so a long text is not echoed whole.</summary>
    public static string Describe(JsonNode? node)
    {
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;
        return kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => $"an array of {node!.AsArray().Count} items",
            JsonValueKind.String => "a string",
            _ => node?.ToJsonString(WireJson.Options) ?? "null",
        };
    }
}
