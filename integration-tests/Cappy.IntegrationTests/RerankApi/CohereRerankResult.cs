using System.Text.Json.Serialization;

namespace Cappy.IntegrationTests.RerankApi;

/// <summary>One result of <see cref="CohereRerankResponse"/>. <see cref="Document"/> is null when the response leaves it out.</summary>
internal sealed record CohereRerankResult(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("relevance_score")] float RelevanceScore,
    [property: JsonPropertyName("document")] CohereRerankDocument? Document);
