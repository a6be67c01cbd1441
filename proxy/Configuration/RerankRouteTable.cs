namespace Cappy.Proxy.Configuration;

/// <summary>Rerank settings by YARP route id, for the routes that have a <c>Rerank</c> section.</summary>
internal sealed class RerankRouteTable(IReadOnlyDictionary<string, RerankOptions> routes)
{
    public IReadOnlyDictionary<string, RerankOptions> Routes { get; } = routes;

    /// <summary>The route's settings when it reranks; null when it only passes requests through.</summary>
    public RerankOptions? Find(string routeId) =>
        Routes.TryGetValue(routeId, out var options) && options.Enabled ? options : null;
}
