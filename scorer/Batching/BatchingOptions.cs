namespace Cappy.Scorer.Batching;

/// <summary>Settings of the scoring pipeline's queue and batching loop.</summary>
public sealed class BatchingOptions
{
    /// <summary>Maximum padded tokens of one inference batch: rows × the longest row's tokens.</summary>
    public int MaxBatchTokens { get; set; } = 16384;

    /// <summary>Maximum rows of one inference batch.</summary>
    public int MaxBatchRows { get; set; } = 64;

    /// <summary>
    /// Maximum rows waiting in the queue. A request that would pass it is rejected at once with
    /// <see cref="ScorerOverloadedException"/>, unless the queue is empty.
    /// </summary>
    public int MaxQueueRows { get; set; } = 1024;

    /// <summary>How long the batching loop waits for more rows after the first one arrives before it runs a batch.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(2);
}
