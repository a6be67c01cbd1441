namespace Cappy.Proxy.Reranking;

/// <summary>Response headers the reranker adds; a streamed response carries them as leading SSE comments.</summary>
internal static class RerankHeaders
{
    /// <summary>The winning candidate's raw score.</summary>
    public const string Score = "x-cappy-score";

    /// <summary>How many candidates were scored.</summary>
    public const string Candidates = "x-cappy-candidates";

    /// <summary>Present with <c>true</c> when no candidate reached the route's <c>MinScore</c>.</summary>
    public const string BelowThreshold = "x-cappy-below-threshold";

    /// <summary>Present with <c>true</c> when JSON was required and no candidate parsed, so all were ranked.</summary>
    public const string NoValidJson = "x-cappy-no-valid-json";

    /// <summary>
    /// Why the response was not ranked by the scorer (<c>scorer-error</c>, <c>scorer-overloaded</c>); absent on a
    /// ranked response.
    /// </summary>
    public const string Degraded = "x-cappy-degraded";

    /// <summary>Milliseconds from the first upstream call until every candidate arrived.</summary>
    public const string UpstreamMilliseconds = "x-cappy-upstream-ms";

    /// <summary>Milliseconds of scoring: tokenization, waiting in the scorer's queue and inference.</summary>
    public const string ScorerMilliseconds = "x-cappy-scorer-ms";
}
