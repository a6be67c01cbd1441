namespace Cappy.Proxy.RerankApi;

/// <summary>
/// Maps the endpoints that the proxy answers with its own scorers instead of forwarding: <c>POST /v1/rerank</c>
/// (Cohere and Jina), <c>POST /rerank</c> (HuggingFace TEI) and <c>POST /v1/score</c> (pairs, or vLLM's shape).
/// Routing prefers their literal paths over a route's catch-all pattern such as <c>/v1/{**rest}</c>, unless the
/// route sets a lower YARP <c>Order</c>.
/// </summary>
internal static class RerankApiEndpoints
{
    public static void MapRerankApi(this IEndpointRouteBuilder endpoints)
    {
        var handler = ActivatorUtilities.CreateInstance<RerankApiHandler>(endpoints.ServiceProvider);
        endpoints.MapPost("/v1/rerank", context => handler.HandleRerankAsync(context, RerankResponseShape.CohereJina));
        endpoints.MapPost("/rerank", context => handler.HandleRerankAsync(context, RerankResponseShape.Tei));
        endpoints.MapPost("/v1/score", handler.HandleScoreAsync);
    }
}
