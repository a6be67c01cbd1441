using System.Diagnostics;
using Cappy.Proxy.Reranking;
using IDiagnosticContext = Serilog.IDiagnosticContext;

namespace Cappy.Proxy.Observability;

/// <summary>
/// The metrics, trace and request-log fields of one reranking request. The handler may set the outcome more than
/// once. Only the last one is counted, once, when the telemetry is disposed at the end of the request.
/// </summary>
internal sealed class RerankTelemetry : IDisposable
{
    private readonly ProxyMetrics _metrics;
    private readonly IDiagnosticContext _diagnostics;
    private readonly string _route;
    private readonly Activity? _activity;
    private string? _outcome;

    private RerankTelemetry(ProxyMetrics metrics, IDiagnosticContext diagnostics, string route, Activity? activity)
    {
        _metrics = metrics;
        _diagnostics = diagnostics;
        _route = route;
        _activity = activity;
    }

    /// <summary>Starts the <c>cappy.rerank</c> activity of a request on <paramref name="route"/>.</summary>
    public static RerankTelemetry Start(ProxyMetrics metrics, IDiagnosticContext diagnostics, string route)
    {
        var activity = ProxyTracing.Source.StartActivity(ProxyTracing.RerankActivityName);
        activity?.SetTag(ProxyTracing.RouteTag, route);
        return new RerankTelemetry(metrics, diagnostics, route, activity);
    }

    /// <summary>Sets how the request ended, one of <see cref="RerankOutcome"/>, in the request log line.</summary>
    public void SetOutcome(string outcome)
    {
        _outcome = outcome;
        _diagnostics.Set("Outcome", outcome);
    }

    /// <summary>Records a response built from candidates, ranked or else degraded for <paramref name="degraded"/>.</summary>
    public void RecordResponse(int candidates, int chosenIndex, TimeSpan upstreamDuration, string? degraded)
    {
        _metrics.RecordCandidates(_route, candidates);
        _metrics.RecordUpstreamDuration(_route, upstreamDuration);
        if (degraded is not null)
        {
            _metrics.RecordDegraded(_route, degraded);
            _activity?.SetTag(ProxyTracing.DegradedTag, degraded);
        }

        _activity?.SetTag(ProxyTracing.CandidatesTag, candidates);
        _activity?.SetTag(ProxyTracing.ChosenIndexTag, chosenIndex);
    }

    /// <summary>Counts the request with its last outcome and stops the activity.</summary>
    public void Dispose()
    {
        // No outcome means an exception escaped the handler. That is a bug that returns 500, or a client that left
        // while its request body was being read.
        var outcome = _outcome ?? RerankOutcome.InternalError;
        _metrics.RecordRequest(_route, outcome);
        if (_activity is not null)
        {
            _activity.SetTag(ProxyTracing.OutcomeTag, outcome);
            if (outcome is RerankOutcome.UpstreamError or RerankOutcome.ScorerError or RerankOutcome.InternalError)
            {
                _activity.SetStatus(ActivityStatusCode.Error, outcome);
            }

            _activity.Dispose();
        }
    }
}
