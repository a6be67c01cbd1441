namespace Cappy.Scorer.Tests.Quantization;

/// <summary>Spearman's rank correlation of two score lists, for comparing a quantized model's ranking with float32.</summary>
internal static class RankCorrelation
{
    /// <summary>Pearson correlation of the ranks of <paramref name="first"/> and <paramref name="second"/>; tied values share their mean rank.</summary>
    public static double Spearman(IReadOnlyList<float> first, IReadOnlyList<float> second)
    {
        var firstRanks = Ranks(first);
        var secondRanks = Ranks(second);
        var firstMean = firstRanks.Average();
        var secondMean = secondRanks.Average();
        double covariance = 0, firstVariance = 0, secondVariance = 0;
        for (var i = 0; i < firstRanks.Length; i++)
        {
            covariance += (firstRanks[i] - firstMean) * (secondRanks[i] - secondMean);
            firstVariance += (firstRanks[i] - firstMean) * (firstRanks[i] - firstMean);
            secondVariance += (secondRanks[i] - secondMean) * (secondRanks[i] - secondMean);
        }

        return covariance / Math.Sqrt(firstVariance * secondVariance);
    }

    private static double[] Ranks(IReadOnlyList<float> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            for (var i = start; i <= end; i++)
            {
                ranks[order[i]] = (start + end) / 2.0;
            }

            start = end + 1;
        }

        return ranks;
    }
}
