using System.Diagnostics;

namespace Cappy.Scorer.Batching;

/// <summary>
/// The scorer's <see cref="ActivitySource"/> <c>Cappy.Scorer</c>: one <c>cappy.score</c> activity per scoring
/// request, from entering the queue until its scores are ready. Tags carry counts and names, never text.
/// </summary>
internal static class PipelineTracing
{
    public const string SourceName = "Cappy.Scorer";

    public const string ScoreActivityName = "cappy.score";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the activity of one queued request and stops it when <paramref name="scores"/> completes. Does
    /// nothing when no listener samples the source.
    /// </summary>
    public static void TraceRequest(Task<float[]> scores, string scorerName, int rows, int responses)
    {
        var parent = Activity.Current;
        var activity = Source.StartActivity(ScoreActivityName);
        if (activity is null)
        {
            return;
        }

        // ScoreAsync is not an async method, so the caller would otherwise see this activity as its current one
        // after the call returns and parent its own later activities to it.
        Activity.Current = parent;
        activity.SetTag(PipelineMetrics.ScorerTag, scorerName);
        activity.SetTag("cappy.rows", rows);
        activity.SetTag("cappy.responses", responses);
        scores.ContinueWith(
            static (task, state) =>
            {
                var finished = (Activity)state!;
                if (task.IsFaulted)
                {
                    finished.SetStatus(ActivityStatusCode.Error, task.Exception!.InnerException!.GetType().Name);
                }
                else if (task.IsCanceled)
                {
                    finished.SetTag("cappy.cancelled", true);
                }

                finished.Stop();
            },
            activity,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
