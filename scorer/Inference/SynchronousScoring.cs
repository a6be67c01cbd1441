namespace Cappy.Scorer.Inference;

/// <summary>
/// Runs a scoring call on the caller's thread and returns its result, cancellation or error as a completed
/// <see cref="ValueTask{TResult}"/>, so that failures surface when the caller awaits.
/// </summary>
internal static class SynchronousScoring
{
    public static ValueTask<float[]> Complete(Func<float[]> score, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<float[]>(cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(score());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<float[]>(cancellationToken);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<float[]>(exception);
        }
    }
}
