using System.Diagnostics;

namespace Cappy.Proxy.Observability;

/// <summary>
/// The proxy's <see cref="ActivitySource"/> <c>Cappy.Proxy</c> and the names of its activities and tags. Tags
/// carry ids, counts and statuses, never prompt or completion text.
/// </summary>
internal static class ProxyTracing
{
    public const string SourceName = "Cappy.Proxy";

    /// <summary>One reranking request, from reading its body until its response is written.</summary>
    public const string RerankActivityName = "cappy.rerank";

    /// <summary>One HTTP call to the upstream, a child of the rerank activity.</summary>
    public const string UpstreamCallActivityName = "cappy.upstream_call";

    public const string RouteTag = "cappy.route";
    public const string CandidatesTag = "cappy.candidates";
    public const string ChosenIndexTag = "cappy.chosen_index";
    public const string OutcomeTag = "cappy.outcome";
    public const string DegradedTag = "cappy.degraded";

    public static ActivitySource Source { get; } = new(SourceName);
}
