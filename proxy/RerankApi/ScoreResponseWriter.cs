using System.Text.Json.Nodes;

namespace Cappy.Proxy.RerankApi;

/// <summary>Builds <c>POST /v1/score</c> response bodies, with scores in request order.</summary>
internal static class ScoreResponseWriter
{
    /// <summary>Builds <c>{"model", "scores": [float]}</c>.</summary>
    public static JsonObject WritePairs(string model, IReadOnlyList<float> scores) => new()
    {
        ["model"] = model,
        ["scores"] = new JsonArray(scores.Select(score => (JsonNode?)score).ToArray()),
    };

    /// <summary>
    /// Builds vLLM's score body <c>{"id", "object": "list", "created", "model", "data": [{"index", "object": "score", "score"}]}</c>.
    /// vLLM's <c>usage</c> is left out because the scorer reports no token counts.
    /// </summary>
    public static JsonObject WriteTextPairs(string model, IReadOnlyList<float> scores, DateTimeOffset created)
    {
        var data = new JsonArray();
        for (var i = 0; i < scores.Count; i++)
        {
            data.Add(new JsonObject
            {
                ["index"] = i,
                ["object"] = "score",
                ["score"] = scores[i],
            });
        }

        return new JsonObject
        {
            ["id"] = $"score-{Guid.NewGuid():N}",
            ["object"] = "list",
            ["created"] = created.ToUnixTimeSeconds(),
            ["model"] = model,
            ["data"] = data,
        };
    }
}
