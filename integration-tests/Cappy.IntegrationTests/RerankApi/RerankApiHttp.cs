using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.Scorer;
using Xunit;

namespace Cappy.IntegrationTests.RerankApi;

/// <summary>Plain HTTP calls to the rerank endpoints and the expectations computed without the proxy.</summary>
internal static class RerankApiHttp
{
    /// <summary>An upstream address for the proxy to start with. The rerank endpoints never call it.</summary>
    public static readonly Uri UnusedUpstream = new("http://127.0.0.1:9/");

    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(HttpClient client, string path, string json)
    {
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>Posts a body that must succeed and returns it parsed.</summary>
    public static async Task<JsonNode> PostOkAsync(HttpClient client, string path, JsonNode body)
    {
        var (status, text, response) = await PostAsync(client, path, body.ToJsonString());
        response.Dispose();
        Assert.True(status == HttpStatusCode.OK, $"HTTP {(int)status}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Scores the documents with the scorer directly, as the expectation for the endpoints.</summary>
    public static async Task<float[]> ScoreDirectlyAsync(IScorer scorer, string query, IReadOnlyList<string> documents) =>
        await scorer.ScoreAsync(query, documents, CancellationToken.None);

    /// <summary>Returns document indices from the highest score to the lowest, with ties in request order.</summary>
    public static int[] ExpectedOrder(IReadOnlyList<float> scores) =>
        Enumerable.Range(0, scores.Count).OrderByDescending(index => scores[index]).ThenBy(index => index).ToArray();

    /// <summary>Checks two scores agree within 1e-4, the tolerance between batches of different rows.</summary>
    public static void AssertClose(float expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4, $"expected {expected}, got {actual}");
}
