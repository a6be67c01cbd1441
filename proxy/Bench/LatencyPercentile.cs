namespace Cappy.Proxy.Bench;

/// <summary>Percentiles of measured latencies.</summary>
internal static class LatencyPercentile
{
    /// <summary>
    /// Returns the nearest-rank percentile <paramref name="percent"/> (0 to 100) of <paramref name="sorted"/>,
    /// which must be in ascending order: the smallest value with at least that percentage of values at or below it.
    /// Returns null for an empty list.
    /// </summary>
    public static double? NearestRank(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
