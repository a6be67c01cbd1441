using Cappy.Proxy.Hosting;
using Cappy.Proxy.Observability;

namespace Cappy.Proxy.Health;

/// <summary>
/// Runs one small batch through every scorer after start-up, so the first request does not pay for ONNX Runtime's
/// lazy initialization, then reports ready.
/// </summary>
internal sealed partial class ScorerWarmUpService(ScorerRegistry scorers, ScorerReadiness readiness, ILogger<ScorerWarmUpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var (name, scorer) in scorers.Scorers)
        {
            try
            {
                var scores = await scorer.ScoreAsync("Name a primary colour.", ["Red.", "Blue is a primary colour of paint."], stoppingToken);
                Log.ScorerReady(logger, name, scorer.Description.Name, scorer.Description.ExecutionProvider, scores.Length);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host is stopping, for example because it could not bind its address. The host reports that
                // failure, so the warm-up ends without an error of its own.
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                readiness.MarkFailed($"scorer '{name}': {exception.Message}");
                Log.WarmUpFailed(logger, exception, name);
                return;
            }
        }

        readiness.MarkReady();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScorerReady, Level = LogLevel.Information,
            Message = "Scorer {Scorer} ({Model} on {ExecutionProvider}) warmed up with a batch of {Rows}")]
        public static partial void ScorerReady(ILogger logger, string scorer, string model, string executionProvider, int rows);

        [LoggerMessage(EventId = EventIds.ScorerWarmUpFailed, Level = LogLevel.Error,
            Message = "Warm-up of scorer {Scorer} failed; /readyz reports not ready")]
        public static partial void WarmUpFailed(ILogger logger, Exception exception, string scorer);
    }
}
