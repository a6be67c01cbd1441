using Cappy.Scorer.Batching;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cappy.Proxy.Observability;

/// <summary>
/// Registers OpenTelemetry for the proxy: the <c>Cappy.Proxy</c> and <c>Cappy.Scorer</c> meters exported at
/// <c>GET /metrics</c> in the Prometheus text format, and the two activity sources exported over OTLP only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>The standard OpenTelemetry variable that turns on trace export over OTLP.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string MetricsPath = "/metrics";

    /// <summary>The activity source of ASP.NET Core's server request activity.</summary>
    private const string AspNetCoreSourceName = "Microsoft.AspNetCore";

    public static void AddProxyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ProxyMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cappy-proxy"))
            .WithMetrics(metrics => metrics
                .AddMeter(ProxyMetrics.MeterName, PipelineMetrics.MeterName)
                .AddPrometheusExporter());

        // Without an endpoint no tracer provider is built, so the Cappy activities are not even created unless
        // another listener (a test, dotnet-trace) samples them. The exporter reads the endpoint and the other OTEL_EXPORTER_OTLP_*
        // settings itself.
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            // ASP.NET Core's own request activity is the parent of cappy.rerank. Unless the provider samples its
            // source too, ASP.NET Core 10 still creates it for log scopes, unsampled, and the parent-based sampler
            // then drops every child (seen in OtlpExportTests).
            telemetry.WithTracing(tracing => tracing
                .AddSource(AspNetCoreSourceName, ProxyTracing.SourceName, PipelineTracing.SourceName)
                .AddOtlpExporter());
        }
    }

    public static void MapMetricsEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
}
