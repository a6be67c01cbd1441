namespace Cappy.Proxy.RerankApi;

/// <summary>A validated rerank request of either wire format.</summary>
/// <param name="Model">The requested scorer, or null for the default one.</param>
/// <param name="Query">The query every document is scored against; never empty.</param>
/// <param name="Documents">The document texts in request order; 1 to <see cref="RerankApiLimits.MaxDocuments"/>.</param>
/// <param name="TopN">How many results to return, at least 1; null returns all.</param>
/// <param name="ReturnDocuments">Whether each result carries its document text.</param>
/// <param name="RawScores">TEI only: false turns a cross-encoder's logit into a probability with the sigmoid.</param>
internal sealed record RerankApiRequest(
    string? Model,
    string Query,
    IReadOnlyList<string> Documents,
    int? TopN,
    bool ReturnDocuments,
    bool RawScores);
