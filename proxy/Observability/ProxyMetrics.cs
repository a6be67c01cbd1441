using System.Diagnostics.Metrics;

namespace Cappy.Proxy.Observability;

/// <summary>
/// The proxy's instruments on the meter <c>Cappy.Proxy</c>. The Prometheus exporter turns each dotted name into a
/// <c>cappy_</c> series: dots become underscores, a unit of seconds appends <c>_seconds</c> and a counter appends
/// <c>_total</c>.
/// </summary>
internal sealed class ProxyMetrics
{
    public const string MeterName = "Cappy.Proxy";

    private readonly Counter<long> _requests;
    private readonly Histogram<int> _candidates;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _upstreamCalls;
    private readonly Counter<long> _degradedResponses;

    public ProxyMetrics(IMeterFactory meterFactory)
    {
        // The factory owns the meter and disposes it with the service provider.
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(
            "cappy.requests",
            unit: "{request}",
            description: "Reranking requests by route and outcome.");
        _candidates = meter.CreateHistogram(
            "cappy.candidates",
            unit: "{candidate}",
            description: "Candidates scored for one request.",
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _upstreamDuration = meter.CreateHistogram(
            "cappy.upstream.duration",
            unit: "s",
            description: "Time of all upstream calls of one request, from the first call until every candidate arrived.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        _upstreamCalls = meter.CreateCounter<long>(
            "cappy.upstream.calls",
            unit: "{call}",
            description: "HTTP calls the reranker made to upstreams, by destination and status.");
        _degradedResponses = meter.CreateCounter<long>(
            "cappy.responses.degraded",
            unit: "{response}",
            description: "Responses returned unranked, by reason.");
    }

    public void RecordRequest(string route, string outcome) =>
        _requests.Add(1, new KeyValuePair<string, object?>(ProxyTags.Route, route), new KeyValuePair<string, object?>(ProxyTags.Outcome, outcome));

    public void RecordCandidates(string route, int count) =>
        _candidates.Record(count, new KeyValuePair<string, object?>(ProxyTags.Route, route));

    public void RecordUpstreamDuration(string route, TimeSpan duration) =>
        _upstreamDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(ProxyTags.Route, route));

    /// <param name="destination">The upstream's scheme, host and port.</param>
    /// <param name="status">The HTTP status code, or <c>unreachable</c>, <c>cancelled</c> or <c>failed</c> when no status arrived.</param>
    public void RecordUpstreamCall(string destination, string status) =>
        _upstreamCalls.Add(1, new KeyValuePair<string, object?>(ProxyTags.Destination, destination), new KeyValuePair<string, object?>(ProxyTags.Status, status));

    public void RecordDegraded(string route, string reason) =>
        _degradedResponses.Add(1, new KeyValuePair<string, object?>(ProxyTags.Route, route), new KeyValuePair<string, object?>(ProxyTags.Reason, reason));
}
