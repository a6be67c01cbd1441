namespace Cappy.Proxy.Reranking;

/// <summary>How a reranking request ended, as logged in its request line.</summary>
internal static class RerankOutcome
{
    public const string Reranked = "reranked";
    public const string ScorerError = "scorer-error";
    public const string ScorerOverloaded = "scorer-overloaded";
    public const string UpstreamError = "upstream-error";
    public const string Rejected = "rejected";
    public const string ClientDisconnected = "client-disconnected";

    /// <summary>An exception escaped the handler and the client got a 500. Only metrics and traces record it.</summary>
    public const string InternalError = "internal-error";
}
