namespace Cappy.Proxy.Reranking;

/// <summary>Orders candidates: finished ones first, then by score.</summary>
internal static class Ranking
{
    /// <summary>
    /// Returns the <paramref name="eligible"/> positions best first: complete candidates before incomplete ones,
    /// then by score, highest first. Without scores, and for ties and NaN scores, arrival order holds, NaN last.
    /// </summary>
    public static int[] Order(IReadOnlyList<int> eligible, IReadOnlyList<bool> complete, IReadOnlyList<float>? scores) =>
        eligible
            .OrderBy(i => complete[i] ? 0 : 1)
            .ThenByDescending(i => scores is null || float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i])
            .ThenBy(i => i)
            .ToArray();
}
