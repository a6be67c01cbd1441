namespace Cappy.Proxy.Configuration;

/// <summary>How a reranking route orders its candidates.</summary>
internal enum RankingStrategy
{
    /// <summary>By the scorer model's score, highest first.</summary>
    Scorer,

    /// <summary>By the LLM's mean token log-probability of each candidate, from the upstream's <c>logprobs</c>.</summary>
    LogprobMean,

    /// <summary>By the LLM's summed token log-probability of each candidate, from the upstream's <c>logprobs</c>.</summary>
    LogprobSum,

    /// <summary>No ranking: the first complete candidate, as the upstream returned them.</summary>
    First,
}
