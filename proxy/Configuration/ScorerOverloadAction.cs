namespace Cappy.Proxy.Configuration;

/// <summary>What a reranking route returns when the scorer's queue is full.</summary>
internal enum ScorerOverloadAction
{
    /// <summary>Return the first candidate unranked, marked <c>x-cappy-degraded: scorer-overloaded</c>.</summary>
    Degrade,

    /// <summary>Answer 429 with <c>Retry-After</c>, so the client or its load balancer retries.</summary>
    Reject,
}
