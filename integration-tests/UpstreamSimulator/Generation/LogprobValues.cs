namespace Cappy.UpstreamSimulator.Generation;

/// <summary>Deterministic negative log probabilities for tokens, and alternative tokens for top-k lists.</summary>
internal static class LogprobValues
{
    /// <summary>Returns a value in [-4.01, -0.01] derived from the token and its position in the output.</summary>
    public static double ForToken(int seed, string token, int position)
    {
        var hash = StableHash.Of(seed, token, position);
        return -Math.Round(0.01 + (hash % 4001) / 1000.0, 4);
    }

    /// <summary>
    /// Returns <paramref name="count"/> entries: the sampled token first, then distinct words of the synthetic
    /// vocabulary with lower log probabilities.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, double>> TopEntries(int seed, string token, int position, int count)
    {
        var entries = new List<KeyValuePair<string, double>>(count);
        if (count <= 0)
        {
            return entries;
        }

        var logprob = ForToken(seed, token, position);
        entries.Add(new(token, logprob));

        var hash = StableHash.Of(seed, token, position);
        var vocabulary = SyntheticText.Vocabulary;
        for (var step = 0; entries.Count < count && step < vocabulary.Length; step++)
        {
            var alternative = " " + vocabulary[(int)((hash + (ulong)step) % (ulong)vocabulary.Length)];
            if (entries.Any(entry => entry.Key == alternative))
            {
                continue;
            }

            entries.Add(new(alternative, Math.Round(logprob - 0.5 * entries.Count, 4)));
        }

        return entries;
    }
}
