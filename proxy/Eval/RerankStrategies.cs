namespace Cappy.Proxy.Eval;

/// <summary>
/// Quality of the candidate each selection strategy picks, averaged over examples. Every argmax keeps the first
/// candidate among equal values, and a NaN score ranks last.
/// </summary>
internal static class RerankStrategies
{
    public const string Scorer = "scorer";
    public const string Random = "random";
    public const string Oracle = "oracle";
    public const string Longest = "longest";
    public const string First = "first";
    public const string SelfScoreSum = "self_score_sum";
    public const string SelfScoreMean = "self_score_mean";

    /// <summary>
    /// Adds one example's values: the scorer's pick, a uniformly random pick (its expected value, the mean quality),
    /// the best candidate (oracle), and the strategies the candidates' fields allow. AlpacaEval candidates with a
    /// generator add the longest answer (in UTF-16 characters), the first answer and each generator's own answer;
    /// Big-Bench samples add the first sample of each decoding method and the picks by log-likelihood.
    /// <paramref name="scores"/> holds the scorer's score of each candidate, in candidate order.
    /// </summary>
    public static void Add(StrategyAverages averages, RerankExample example, IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(averages);
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(scores);
        var candidates = example.Candidates;
        if (candidates.Count == 0)
        {
            return;
        }

        if (scores.Count != candidates.Count)
        {
            throw new ArgumentException($"Expected {candidates.Count} scores for line {example.LineNumber}, got {scores.Count}.", nameof(scores));
        }

        averages.Add(Scorer, candidates[ArgMax(candidates.Count, i => scores[i])].Quality);
        averages.Add(Random, candidates.Average(candidate => candidate.Quality));

        if (candidates.Any(candidate => candidate.Generator is not null))
        {
            averages.Add(Longest, candidates[ArgMax(candidates.Count, i => candidates[i].Text.Length)].Quality);
            averages.Add(First, candidates[0].Quality);
            foreach (var candidate in candidates.Where(candidate => candidate.Generator is not null))
            {
                averages.Add(candidate.Generator!, candidate.Quality);
            }
        }

        AddDecodingStrategies(averages, candidates);
        averages.Add(Oracle, candidates.Max(candidate => candidate.Quality));
    }

    private static void AddDecodingStrategies(StrategyAverages averages, IReadOnlyList<RerankCandidate> candidates)
    {
        foreach (var decoding in candidates.Select(candidate => candidate.Decoding).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            averages.Add($"first_{decoding}", candidates.First(candidate => candidate.Decoding == decoding).Quality);
        }

        if (candidates.All(candidate => candidate.LogLikelihoodSum is not null))
        {
            averages.Add(SelfScoreSum, candidates[ArgMax(candidates.Count, i => candidates[i].LogLikelihoodSum!.Value)].Quality);
        }

        if (candidates.All(candidate => candidate.LogLikelihoodMean is not null))
        {
            averages.Add(SelfScoreMean, candidates[ArgMax(candidates.Count, i => candidates[i].LogLikelihoodMean!.Value)].Quality);
        }
    }

    /// <summary>
    /// Returns the index of the largest value, the first one among equal values; NaN ranks below every number.
    /// </summary>
    public static int ArgMax(int count, Func<int, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var best = 0;
        for (var i = 1; i < count; i++)
        {
            var candidate = value(i);
            if (!double.IsNaN(candidate) && (double.IsNaN(value(best)) || candidate > value(best)))
            {
                best = i;
            }
        }

        return best;
    }
}
