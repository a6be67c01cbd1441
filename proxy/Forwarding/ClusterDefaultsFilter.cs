using Yarp.ReverseProxy.Configuration;

namespace Cappy.Proxy.Forwarding;

/// <summary>
/// Gives clusters the defaults an LLM gateway needs where their route file sets none: an activity timeout of
/// 10 minutes, because YARP's default of 100 s cuts off long non-streamed generations.
/// </summary>
internal sealed class ClusterDefaultsFilter : IProxyConfigFilter
{
    public static readonly TimeSpan DefaultActivityTimeout = TimeSpan.FromMinutes(10);

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (cluster.HttpRequest?.ActivityTimeout is not null)
        {
            return ValueTask.FromResult(cluster);
        }

        var request = (cluster.HttpRequest ?? new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig()) with { ActivityTimeout = DefaultActivityTimeout };
        return ValueTask.FromResult(cluster with { HttpRequest = request });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
