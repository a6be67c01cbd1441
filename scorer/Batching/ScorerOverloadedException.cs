namespace Cappy.Scorer.Batching;

/// <summary>The scoring queue was full; the request was rejected without running.</summary>
public sealed class ScorerOverloadedException : Exception
{
    public ScorerOverloadedException()
    {
    }

    public ScorerOverloadedException(string message)
        : base(message)
    {
    }

    public ScorerOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScorerOverloadedException(int queuedRows, int requestRows, int maxQueueRows)
        : base($"The scoring queue is full: {queuedRows} rows are waiting and this request adds {requestRows}, over the limit of {maxQueueRows} (setting MaxQueueRows).")
    {
    }
}
