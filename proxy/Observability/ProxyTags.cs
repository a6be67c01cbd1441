namespace Cappy.Proxy.Observability;

/// <summary>Metric label names of the proxy's instruments.</summary>
internal static class ProxyTags
{
    /// <summary>The YARP route id.</summary>
    public const string Route = "route";

    /// <summary>How a reranking request ended: one of <see cref="Reranking.RerankOutcome"/>.</summary>
    public const string Outcome = "outcome";

    /// <summary>An upstream's scheme, host and port.</summary>
    public const string Destination = "destination";

    /// <summary>An upstream call's HTTP status code, or why it has none.</summary>
    public const string Status = "status";

    /// <summary>Why a response is degraded: the value of <c>x-cappy-degraded</c>.</summary>
    public const string Reason = "reason";
}
