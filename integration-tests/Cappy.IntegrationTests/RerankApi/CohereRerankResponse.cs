using System.Text.Json.Serialization;

namespace Cappy.IntegrationTests.RerankApi;

/// <summary>The Cohere v2 rerank response as a Cohere client reads it, for typed System.Text.Json parsing.</summary>
internal sealed record CohereRerankResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("results")] IReadOnlyList<CohereRerankResult> Results);
