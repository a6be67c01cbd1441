using System.Text.Json.Serialization;

namespace Cappy.IntegrationTests.RerankApi;

/// <summary>The document text that a rerank result carries.</summary>
internal sealed record CohereRerankDocument([property: JsonPropertyName("text")] string Text);
