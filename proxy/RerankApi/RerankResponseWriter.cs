using System.Text.Json.Nodes;

namespace Cappy.Proxy.RerankApi;

/// <summary>Builds rerank response bodies from documents ordered by <see cref="RelevanceRanking"/>.</summary>
internal static class RerankResponseWriter
{
    /// <summary>
    /// Builds the Cohere and Jina body <c>{"id", "model", "results": [{"index", "relevance_score", "document"?}]}</c>.
    /// Cohere's <c>meta</c> and Jina's <c>usage</c> are left out because the scorer reports no token counts.
    /// </summary>
    public static JsonObject WriteCohereJina(string model, RerankApiRequest request, IReadOnlyList<float> scores, IReadOnlyList<int> order)
    {
        var results = new JsonArray();
        foreach (var index in order)
        {
            var result = new JsonObject
            {
                ["index"] = index,
                ["relevance_score"] = scores[index],
            };
            if (request.ReturnDocuments)
            {
                result["document"] = new JsonObject { ["text"] = request.Documents[index] };
            }

            results.Add(result);
        }

        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["model"] = model,
            ["results"] = results,
        };
    }

    /// <summary>Builds TEI's body, a JSON array <c>[{"index", "score", "text"?}]</c>.</summary>
    public static JsonArray WriteTei(RerankApiRequest request, IReadOnlyList<float> scores, IReadOnlyList<int> order)
    {
        var ranks = new JsonArray();
        foreach (var index in order)
        {
            var rank = new JsonObject { ["index"] = index };
            if (request.ReturnDocuments)
            {
                rank["text"] = request.Documents[index];
            }

            rank["score"] = scores[index];
            ranks.Add(rank);
        }

        return ranks;
    }
}
