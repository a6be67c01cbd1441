using Cappy.Proxy.Observability;
using Cappy.Scorer;

namespace Cappy.Proxy.Health;

/// <summary>
/// Runs one small batch through the scorer after start-up, so the first request does not pay for ONNX Runtime's
/// lazy initialization, then reports ready.
/// </summary>
internal sealed partial class ScorerWarmUpService(IScorer scorer, ScorerReadiness readiness, ILogger<ScorerWarmUpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var scores = await scorer.ScoreAsync("Name a primary colour.", ["Red.", "Blue is a primary colour of paint."], stoppingToken);
            readiness.MarkReady();
            Log.ScorerReady(logger, scorer.Description.Name, scorer.Description.ExecutionProvider, scores.Length);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            readiness.MarkFailed(exception.Message);
            Log.WarmUpFailed(logger, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScorerReady, Level = LogLevel.Information,
            Message = "Scorer {Model} on {ExecutionProvider} warmed up with a batch of {Rows}; ready")]
        public static partial void ScorerReady(ILogger logger, string model, string executionProvider, int rows);

        [LoggerMessage(EventId = EventIds.ScorerWarmUpFailed, Level = LogLevel.Error,
            Message = "Scorer warm-up failed; /readyz reports not ready")]
        public static partial void WarmUpFailed(ILogger logger, Exception exception);
    }
}
