using System.Text.Json.Nodes;

namespace Cappy.Proxy.RerankApi;

/// <summary>
/// Validates rerank request bodies. Fields that the scorer has no use for (<c>max_tokens_per_doc</c>,
/// <c>rank_fields</c>, <c>truncation_direction</c>, …) are ignored.
/// </summary>
internal static class RerankRequestParser
{
    /// <summary>
    /// Parses a Cohere or Jina body: <c>{"model"?, "query", "documents", "top_n"?, "return_documents"?}</c>,
    /// where each document is a string or an object with a string <c>text</c>.
    /// </summary>
    public static RerankApiRequest ParseCohereJina(ReadOnlyMemory<byte> body)
    {
        var request = JsonFieldReader.ParseObject(body);
        var model = JsonFieldReader.ReadOptionalString(request, "model");
        var query = JsonFieldReader.ReadRequiredText(request, "query");
        var items = JsonFieldReader.ReadItems(request, "documents", "strings or objects with a text field");
        var documents = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            documents[i] = ReadDocument(items[i], i);
        }

        var topN = JsonFieldReader.ReadOptionalPositiveInteger(request, "top_n");

        // Jina returns documents unless the request sets false, and Cohere's default is false. Returning them suits
        // both, because a Cohere client ignores the extra field but a Jina client may read it.
        var returnDocuments = JsonFieldReader.ReadOptionalBoolean(request, "return_documents") ?? true;
        return new RerankApiRequest(model, query, documents, topN, returnDocuments, RawScores: true);
    }

    /// <summary>
    /// Parses a TEI body: <c>{"query", "texts", "raw_scores"?, "return_text"?, "truncate"?}</c>. Both flags
    /// default to false, as in TEI. <c>truncate</c> is checked but has no effect, because the scorer always
    /// truncates pairs to its maximum length.
    /// </summary>
    public static RerankApiRequest ParseTei(ReadOnlyMemory<byte> body)
    {
        var request = JsonFieldReader.ParseObject(body);
        var model = JsonFieldReader.ReadOptionalString(request, "model");
        var query = JsonFieldReader.ReadRequiredText(request, "query");
        var items = JsonFieldReader.ReadItems(request, "texts", "strings");
        var texts = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            texts[i] = JsonFieldReader.TryReadString(items[i], out var text)
                ? text
                : throw JsonFieldReader.Invalid($"texts[{i}]", $"texts[{i}] must be a string, got {JsonFieldReader.Describe(items[i])}.");
        }

        var rawScores = JsonFieldReader.ReadOptionalBoolean(request, "raw_scores") ?? false;
        var returnText = JsonFieldReader.ReadOptionalBoolean(request, "return_text") ?? false;
        _ = JsonFieldReader.ReadOptionalBoolean(request, "truncate");
        return new RerankApiRequest(model, query, texts, TopN: null, returnText, rawScores);
    }

    private static string ReadDocument(JsonNode? item, int index)
    {
        if (JsonFieldReader.TryReadString(item, out var text))
        {
            return text;
        }

        if (item is JsonObject document && JsonFieldReader.TryReadString(document["text"], out var documentText))
        {
            return documentText;
        }

        throw JsonFieldReader.Invalid(
            $"documents[{index}]",
            $"documents[{index}] must be a string or an object with a string text field, got {JsonFieldReader.Describe(item)}.");
    }
}
