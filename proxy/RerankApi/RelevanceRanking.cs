namespace Cappy.Proxy.RerankApi;

/// <summary>Orders documents by score for a rerank response.</summary>
internal static class RelevanceRanking
{
    /// <summary>
    /// Returns document indices from the highest score to the lowest, with equal scores in request order. At most
    /// <paramref name="topN"/> indices are returned, or all when it is null or larger than the list.
    /// </summary>
    public static int[] Order(IReadOnlyList<float> scores, int? topN)
    {
        return Enumerable.Range(0, scores.Count)
            .OrderByDescending(index => scores[index])
            .ThenBy(index => index)
            .Take(topN ?? scores.Count)
            .ToArray();
    }

    /// <summary>Maps a logit to a probability, as TEI reports a cross-encoder's score without <c>raw_scores</c>.</summary>
    public static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-logit));
}
