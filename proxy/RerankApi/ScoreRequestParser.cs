using System.Text.Json.Nodes;

namespace Cappy.Proxy.RerankApi;

/// <summary>
/// Validates <c>POST /v1/score</c> bodies: <c>{"model"?, "pairs": [{"instruction", "response"}]}</c>, or
/// vLLM's <c>{"model"?, "text_1", "text_2"}</c> where <c>text_1</c> is one string scored against each of
/// <c>text_2</c>, or both are lists of the same length scored item by item.
/// </summary>
internal static class ScoreRequestParser
{
    public static ScoreApiRequest Parse(ReadOnlyMemory<byte> body)
    {
        var request = JsonFieldReader.ParseObject(body);
        var model = JsonFieldReader.ReadOptionalString(request, "model");
        if (request["pairs"] is not null || (request["text_1"] is null && request["text_2"] is null))
        {
            return new ScoreApiRequest(model, ReadPairs(request), ScoreRequestShape.Pairs);
        }

        return new ScoreApiRequest(model, ReadTextPairs(request), ScoreRequestShape.TextPairs);
    }

    private static (string, string)[] ReadPairs(JsonObject request)
    {
        var items = JsonFieldReader.ReadItems(request, "pairs", "objects with string instruction and response fields");
        var pairs = new (string, string)[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject pair
                || !JsonFieldReader.TryReadString(pair["instruction"], out var instruction)
                || !JsonFieldReader.TryReadString(pair["response"], out var response))
            {
                throw JsonFieldReader.Invalid(
                    $"pairs[{i}]",
                    $"pairs[{i}] must be an object with string instruction and response fields, got {JsonFieldReader.Describe(items[i])}.");
            }

            pairs[i] = (instruction, response);
        }

        return pairs;
    }

    private static (string, string)[] ReadTextPairs(JsonObject request)
    {
        var firsts = ReadTexts(request, "text_1");
        var seconds = ReadTexts(request, "text_2");
        if (firsts.Length == 1 && request["text_1"] is not JsonArray)
        {
            return seconds.Select(second => (firsts[0], second)).ToArray();
        }

        if (firsts.Length != seconds.Length)
        {
            throw JsonFieldReader.Invalid(
                "text_2",
                $"text_1 has {firsts.Length} items and text_2 has {seconds.Length}; send lists of the same length, or text_1 as one string.");
        }

        return firsts.Zip(seconds).ToArray();
    }

    private static string[] ReadTexts(JsonObject request, string name)
    {
        var node = request[name];
        if (JsonFieldReader.TryReadString(node, out var single))
        {
            return [single];
        }

        if (node is null)
        {
            throw JsonFieldReader.Invalid(name, $"{name} is missing; it must be a string or a non-empty array of strings.");
        }

        var items = JsonFieldReader.ReadItems(request, name, "strings");
        var texts = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            texts[i] = JsonFieldReader.TryReadString(items[i], out var text)
                ? text
                : throw JsonFieldReader.Invalid($"{name}[{i}]", $"{name}[{i}] must be a string, got {JsonFieldReader.Describe(items[i])}.");
        }

        return texts;
    }
}
