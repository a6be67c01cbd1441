using Cappy.Proxy.Observability;

namespace Cappy.Proxy.Configuration;

/// <summary>Logs each loaded route at start-up: its path, cluster, destinations and whether it reranks.</summary>
internal static partial class RouteSummary
{
    public static void Log(IConfiguration configuration, RerankRouteTable rerank, ILogger logger)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        foreach (var route in configuration.GetSection("ReverseProxy:Routes").GetChildren())
        {
            var clusterId = route["ClusterId"] ?? "(none)";
            var destinations = configuration.GetSection($"ReverseProxy:Clusters:{clusterId}:Destinations").GetChildren()
                .Select(destination => destination["Address"])
                .ToArray();
            var path = route["Match:Path"] ?? "(any path)";
            var options = rerank.Find(route.Key);
            var addresses = string.Join(", ", destinations);
            var mode = options is null ? "pass-through" : $"reranking, N={options.N}, strategy {options.Strategy}, scorer {options.Scorer}";
            if (options?.Capture.Enabled == true)
            {
                mode += $", capturing prompts and completions in clear text to {Path.GetFullPath(options.Capture.Directory!)}";
            }

            RouteLoaded(logger, route.Key, path, clusterId, addresses, mode);
        }
    }

    [LoggerMessage(EventId = EventIds.RouteLoaded, Level = LogLevel.Information,
        Message = "Route {RouteId}: {Path} to cluster {ClusterId} ({Destinations}), {Mode}")]
    private static partial void RouteLoaded(ILogger logger, string routeId, string path, string clusterId, string destinations, string mode);
}
