namespace Cappy.Proxy.Reranking;

/// <summary>Orders candidates by score.</summary>
internal static class Ranking
{
    /// <summary>
    /// Returns candidate positions from the highest score to the lowest; ties and NaN scores keep arrival order,
    /// NaN last.
    /// </summary>
    public static int[] OrderByScore(IReadOnlyList<float> scores) =>
        Enumerable.Range(0, scores.Count)
            .OrderByDescending(i => float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i])
            .ThenBy(i => i)
            .ToArray();
}
