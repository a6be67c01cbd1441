using Cappy.UpstreamSimulator.Observability;

namespace Cappy.UpstreamSimulator.Endpoints;

/// <summary>Counts every <c>/v1</c> request and delays it by the configured latency before it is handled.</summary>
internal sealed class V1EndpointFilter(SimulatorStats stats, SimulatorOptions options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        stats.CountRequest();
        if (options.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.LatencyMs), context.HttpContext.RequestAborted);
        }

        return await next(context);
    }
}
