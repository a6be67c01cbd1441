using Cappy.Proxy.Auth;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Errors;
using IDiagnosticContext = Serilog.IDiagnosticContext;
using Yarp.ReverseProxy.Model;

namespace Cappy.Proxy.Reranking;

/// <summary>
/// A step of the YARP proxy pipeline, after load balancing: on a route with reranking enabled it answers
/// <c>POST …/chat/completions</c> and <c>POST …/completions</c> itself; everything else goes on to YARP's forwarder.
/// </summary>
internal static class RerankMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var feature = context.GetReverseProxyFeature();
        var routeId = feature.Route.Config.RouteId;
        var services = context.RequestServices;
        services.GetRequiredService<IDiagnosticContext>().Set("RouteId", routeId);

        var options = services.GetRequiredService<RerankRoutes>().Current.Find(routeId);
        var endpoint = ClassifyEndpoint(context.Request);
        if (options is null || endpoint is null)
        {
            await next();
            return;
        }

        var destination = feature.AvailableDestinations.Count > 0 ? feature.AvailableDestinations[0] : null;
        if (destination is null)
        {
            await OpenAIError.WriteAsync(context, ProxyError.UpstreamUnreachable, $"Route {routeId} has no available destination; check the cluster's health and addresses.", null, context.RequestAborted);
            return;
        }

        // Passive health checks and load balancing read the destination a request used from the proxy feature.
        feature.ProxiedDestination = destination;
        var credentials = UpstreamCredentials.Decide(feature.Cluster.Config, context);
        var target = new RerankTarget(routeId, options, endpoint.Value, destination.Model.Config.Address, credentials);
        await services.GetRequiredService<RerankHandler>().HandleAsync(context, target, context.RequestAborted);
    }

    private static EndpointKind? ClassifyEndpoint(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        var path = request.Path.Value ?? string.Empty;
        if (path.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointKind.ChatCompletions;
        }

        return path.EndsWith("/completions", StringComparison.OrdinalIgnoreCase) ? EndpointKind.Completions : null;
    }
}
