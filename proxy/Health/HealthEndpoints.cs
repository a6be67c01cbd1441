using Cappy.Scorer;

namespace Cappy.Proxy.Health;

/// <summary><c>/healthz</c> (the process serves requests) and <c>/readyz</c> (the scorer is loaded and warmed up).</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Json(new { status = "alive" }));
        endpoints.MapGet("/readyz", (ScorerReadiness readiness, IScorer scorer) =>
        {
            var description = scorer.Description;
            var body = new
            {
                status = readiness.IsReady ? "ready" : "not_ready",
                model = description.Name,
                kind = description.Kind.ToString(),
                execution_provider = description.ExecutionProvider,
                error = readiness.Failure,
            };
            return Results.Json(body, statusCode: readiness.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
