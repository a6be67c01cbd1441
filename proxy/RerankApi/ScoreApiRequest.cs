namespace Cappy.Proxy.RerankApi;

/// <summary>A validated score request: pairs to score, in request order.</summary>
/// <param name="Model">The requested scorer, or null for the default one.</param>
/// <param name="Pairs">1 to <see cref="RerankApiLimits.MaxDocuments"/> (instruction, response) pairs.</param>
/// <param name="Shape">The request format, which is also the response format.</param>
internal sealed record ScoreApiRequest(
    string? Model,
    IReadOnlyList<(string Instruction, string Response)> Pairs,
    ScoreRequestShape Shape);
