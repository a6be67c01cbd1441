namespace Cappy.Scorer.Tokenization;

/// <summary>
/// Token budgets of HuggingFace tokenizers' <c>longest_first</c> truncation.
/// </summary>
internal static class PairTruncation
{
    /// <summary>
    /// Computes how many tokens of each side to keep so that both fit into <paramref name="budget"/> tokens.
    /// </summary>
    /// <remarks>
    /// The same result as HuggingFace tokenizers 0.22 (checked against its output): the shorter side stays whole
    /// when the longer one can take the rest of the budget. Otherwise the shorter side keeps <c>budget / 2</c>
    /// tokens and the longer side the remaining <c>budget / 2 + budget % 2</c>, and with equal lengths the
    /// second side counts as the longer one. Tokens are always removed from the end of a side.
    /// </remarks>
    /// <param name="firstLength">Tokens of the first side, without special tokens.</param>
    /// <param name="secondLength">Tokens of the second side, without special tokens.</param>
    /// <param name="budget">Tokens available to both sides together, special tokens already subtracted.</param>
    public static (int First, int Second) Fit(int firstLength, int secondLength, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstLength);
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);

        if (firstLength + secondLength <= budget)
        {
            return (firstLength, secondLength);
        }

        var firstIsLonger = firstLength > secondLength;
        var shorter = firstIsLonger ? secondLength : firstLength;
        var shorterKeeps = shorter;
        var longerKeeps = budget - shorter;
        if (shorter > budget - shorter)
        {
            shorterKeeps = budget / 2;
            longerKeeps = (budget / 2) + (budget % 2);
        }

        return firstIsLonger ? (longerKeeps, shorterKeeps) : (shorterKeeps, longerKeeps);
    }

    /// <summary>
    /// Returns the budget for the text tokens of a row of <paramref name="maxLength"/> tokens that carries
    /// <paramref name="specialTokenCount"/> special tokens.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxLength"/> leaves no room for the special tokens.</exception>
    public static int TextBudget(int maxLength, int specialTokenCount)
    {
        if (maxLength < specialTokenCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxLength),
                maxLength,
                $"The maximum length must be at least {specialTokenCount}, the number of special tokens in the row.");
        }

        return maxLength - specialTokenCount;
    }
}
