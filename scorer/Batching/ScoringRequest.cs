using Cappy.Scorer.Tokenization;

namespace Cappy.Scorer.Batching;

/// <summary>
/// One caller's rows in the pipeline. Its rows may run in several batches, and the request completes when the
/// last row's output arrives. Cancellation completes it at once, and the batching loop then skips its rows.
/// </summary>
internal sealed class ScoringRequest : IDisposable
{
    private readonly TaskCompletionSource<float[]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private readonly float[]?[] _outputs;
    private int _remaining;

    public ScoringRequest(EncodedInput[] rows, int responseCount, CancellationToken cancellationToken)
    {
        Rows = rows;
        ResponseCount = responseCount;
        _outputs = new float[rows.Length][];
        _remaining = rows.Length;
        _registration = cancellationToken.Register(static state => ((ScoringRequest)state!).Cancel(), this);
        CancellationToken = cancellationToken;
    }

    public EncodedInput[] Rows { get; }

    public int ResponseCount { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>When the request entered the queue, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long EnqueuedTimestamp { get; init; }

    public Task<float[]> Task => _completion.Task;

    /// <summary>True once the request is cancelled, failed or done: its remaining rows need not run.</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Stores one row's output; returns true when it was the last one missing.</summary>
    public bool SetOutput(int rowIndex, float[] output)
    {
        _outputs[rowIndex] = output;
        return --_remaining == 0;
    }

    /// <summary>All row outputs, in row order; valid once <see cref="SetOutput"/> returned true.</summary>
    public IReadOnlyList<float[]> Outputs => _outputs!;

    public void Complete(float[] scores) => _completion.TrySetResult(scores);

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Dispose() => _registration.Dispose();

    private void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
