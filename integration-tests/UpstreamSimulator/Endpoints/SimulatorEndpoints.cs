using System.Text.Json.Nodes;
using Cappy.UpstreamSimulator.Candidates;
using Cappy.UpstreamSimulator.Faults;
using Cappy.UpstreamSimulator.Observability;
using Cappy.UpstreamSimulator.Protocol;
using Cappy.UpstreamSimulator.Responses;

namespace Cappy.UpstreamSimulator.Endpoints;

/// <summary>Maps the OpenAI-compatible <c>/v1</c> routes and the <c>/sim</c> control routes.</summary>
internal static partial class SimulatorEndpoints
{
    public static void MapSimulatorEndpoints(this WebApplication app)
    {
        var stats = app.Services.GetRequiredService<SimulatorStats>();
        var v1 = app.MapGroup("/v1").AddEndpointFilter<V1EndpointFilter>();

        v1.MapPost("/chat/completions", (HttpRequest request, GenerationHandler handler, CancellationToken cancellationToken) =>
        {
            stats.CountChat();
            return handler.HandleAsync(request, ChatFormat.Instance, ChatRequestParser.TryParse, cancellationToken);
        });

        v1.MapPost("/completions", (HttpRequest request, GenerationHandler handler, CancellationToken cancellationToken) =>
        {
            stats.CountCompletion();
            return handler.HandleAsync(request, CompletionFormat.Instance, CompletionRequestParser.TryParse, cancellationToken);
        });

        v1.MapPost("/embeddings", (HttpRequest request, EmbeddingHandler handler, CancellationToken cancellationToken) =>
        {
            stats.CountEmbedding();
            return handler.HandleAsync(request, cancellationToken);
        });

        var startedAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        v1.MapGet("/models", (SimulatorOptions options) => JsonOutput.Result(BuildModelList(options.Model, startedAt)));

        app.MapGet("/sim/stats", () => JsonOutput.Result(stats.ToJson()));
        app.MapPost("/sim/reset", (CandidateStore store, FailureInjector failures, ILogger<SimulatorStats> logger) =>
        {
            stats.Reset();
            store.Reset();
            failures.Reset();
            Log.CountersReset(logger);
            return JsonOutput.Result(stats.ToJson());
        });
    }

    private static JsonObject BuildModelList(string model, long created) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(new JsonObject
        {
            ["id"] = model,
            ["object"] = "model",
            ["created"] = created,
            ["owned_by"] = "upstream-simulator",
            ["root"] = model,
            ["parent"] = null,
        }),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.CountersReset, Level = LogLevel.Information,
            Message = "Counters, candidate cursors and failure sequence reset")]
        public static partial void CountersReset(ILogger logger);
    }
}
