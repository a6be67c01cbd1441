namespace Cappy.Proxy.RerankApi;

/// <summary>Limits of the rerank and score endpoints, on top of the request body limit.</summary>
internal static class RerankApiLimits
{
    /// <summary>
    /// Maximum documents of one rerank request, and pairs of one score request. Cohere's rerank API
    /// recommends at most 1,000 documents per request. A larger request would fill the scoring queue
    /// (1,024 rows by default) on its own.
    /// </summary>
    public const int MaxDocuments = 1000;
}
