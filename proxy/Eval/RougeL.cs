using System.Text;

namespace Cappy.Proxy.Eval;

/// <summary>
/// Sentence-level ROUGE-L F-measure with Porter stemming, computed as Google's <c>rouge_score</c> 0.1.2 computes
/// <c>RougeScorer(["rougeL"], use_stemmer=True)</c>: text is lowercased, every run of characters outside a–z and
/// 0–9 becomes a space, tokens are split on whitespace, and tokens longer than 3 characters are stemmed.
/// </summary>
internal static class RougeL
{
    /// <summary>
    /// Returns the F-measure of the longest common subsequence: 2PR / (P + R) with P = LCS / prediction tokens and
    /// R = LCS / target tokens; 0 when either side has no tokens.
    /// </summary>
    public static double FMeasure(string target, string prediction)
    {
        var targetTokens = Tokenize(target);
        var predictionTokens = Tokenize(prediction);
        if (targetTokens.Count == 0 || predictionTokens.Count == 0)
        {
            return 0;
        }

        var lcs = LongestCommonSubsequence(targetTokens, predictionTokens);
        var precision = (double)lcs / predictionTokens.Count;
        var recall = (double)lcs / targetTokens.Count;
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    }

    /// <summary>Returns the best F-measure over the targets, as <c>score_multi</c> does; 0 when there are none.</summary>
    public static double MaxFMeasure(IEnumerable<string> targets, string prediction)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var best = 0.0;
        foreach (var target in targets)
        {
            best = Math.Max(best, FMeasure(target, prediction));
        }

        return best;
    }

    /// <summary>Splits text into the lowercase, stemmed tokens that ROUGE compares.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = new StringBuilder(text.Length);
        foreach (var character in text.ToLowerInvariant())
        {
            normalized.Append(character is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? character : ' ');
        }

        var tokens = normalized.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Length > 3)
            {
                tokens[i] = PorterStemmer.Stem(tokens[i]);
            }
        }

        return tokens;
    }

    private static int LongestCommonSubsequence(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        // Two rows of the dynamic-programming table suffice for the length.
        var previous = new int[second.Count + 1];
        var current = new int[second.Count + 1];
        for (var i = 1; i <= first.Count; i++)
        {
            for (var j = 1; j <= second.Count; j++)
            {
                current[j] = first[i - 1] == second[j - 1]
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[second.Count];
    }
}
