using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cappy.Proxy.Eval;

/// <summary>Field access for evaluation data lines that throws <see cref="EvalDataException"/> naming the line and field.</summary>
internal static class EvalJson
{
    public static JsonObject ParseObject(string line, int lineNumber)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject ?? throw new EvalDataException($"line {lineNumber}: expected a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new EvalDataException($"line {lineNumber}: invalid JSON: {exception.Message}");
        }
    }

    public static string GetString(JsonObject json, string name, int lineNumber) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new EvalDataException($"line {lineNumber}: missing or non-string field \"{name}\".");

    public static double GetDouble(JsonObject json, string name, int lineNumber) =>
        GetOptionalDouble(json, name, lineNumber) ?? throw new EvalDataException($"line {lineNumber}: missing field \"{name}\".");

    public static double? GetOptionalDouble(JsonObject json, string name, int lineNumber)
    {
        var node = json[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<double>()
            : throw new EvalDataException($"line {lineNumber}: field \"{name}\" must be a number.");
    }

    public static long GetInteger(JsonObject json, string name, int lineNumber) =>
        json[name] is JsonValue value && value.TryGetValue<long>(out var number)
            ? number
            : throw new EvalDataException($"line {lineNumber}: missing or non-integer field \"{name}\".");

    public static long? GetOptionalInteger(JsonObject json, string name, int lineNumber) =>
        json[name] is null ? null : GetInteger(json, name, lineNumber);

    public static JsonArray GetArray(JsonObject json, string name, int lineNumber) =>
        json[name] as JsonArray ?? throw new EvalDataException($"line {lineNumber}: missing list field \"{name}\".");
}
