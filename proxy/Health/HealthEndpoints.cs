using Cappy.Proxy.Hosting;

namespace Cappy.Proxy.Health;

/// <summary><c>/healthz</c> (the process serves requests) and <c>/readyz</c> (every scorer is loaded and warmed up).</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Json(new { status = "alive" }));
        endpoints.MapGet("/readyz", (ScorerReadiness readiness, ScorerRegistry scorers) =>
        {
            var description = scorers.Default.Description;
            var body = new
            {
                status = readiness.IsReady ? "ready" : "not_ready",
                model = description.Name,
                kind = description.Kind.ToString(),
                execution_provider = description.ExecutionProvider,
                scorers = scorers.Scorers.ToDictionary(
                    entry => entry.Key,
                    entry => new { model = entry.Value.Description.Name, kind = entry.Value.Description.Kind.ToString(), execution_provider = entry.Value.Description.ExecutionProvider }),
                error = readiness.Failure,
            };
            return Results.Json(body, statusCode: readiness.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
