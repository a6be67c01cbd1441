using Cappy.Proxy.Eval;
using Xunit;

namespace Cappy.Proxy.Tests.Eval;

/// <summary>
/// The first three cases are those of <c>rouge_scorer_test.py</c> in google-research/rouge (ROUGE-L consecutive,
/// non-consecutive and empty); the rest are derived by hand from the tokenization and LCS rules.
/// </summary>
public sealed class RougeLTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void FMeasure_ConsecutiveMatch()
    {
        Assert.Equal(4.0 / 5, RougeL.FMeasure("testing one two", "testing one"), Tolerance);
    }

    [Fact]
    public void FMeasure_NonConsecutiveMatch()
    {
        Assert.Equal(4.0 / 5, RougeL.FMeasure("testing one two", "testing two"), Tolerance);
    }

    [Fact]
    public void FMeasure_EmptyPredictionIsZero()
    {
        Assert.Equal(0, RougeL.FMeasure("testing one two", ""));
    }

    [Fact]
    public void FMeasure_OnlyPunctuationIsZero()
    {
        Assert.Equal(0, RougeL.FMeasure("w1 w2 w3", "/ - !"));
    }

    [Fact]
    public void FMeasure_IgnoresCaseAndPunctuation()
    {
        Assert.Equal(1, RougeL.FMeasure("Hello, World! state-of-the-art", "hello world state of the art"), Tolerance);
    }

    [Fact]
    public void FMeasure_DigitsAreTokensAndPunctuationSplitsThem()
    {
        // Target [pi is 3 14], prediction [pi 3 14]: LCS 3, P = 1, R = 3/4, F = 6/7.
        Assert.Equal(6.0 / 7, RougeL.FMeasure("Pi is 3.14", "PI = 3,14"), Tolerance);
    }

    [Fact]
    public void FMeasure_StemsBeforeMatching()
    {
        Assert.Equal(1, RougeL.FMeasure("running dogs", "run dog"), Tolerance);
    }

    [Fact]
    public void FMeasure_PartialMatch()
    {
        // Target [the cat sat on the mat], prediction [the cat were sit on a mat]: LCS 4, P = 4/7, R = 4/6.
        Assert.Equal(8.0 / 13, RougeL.FMeasure("The cat sat on the mat.", "the cats were sitting on a mat"), Tolerance);
    }

    [Fact]
    public void FMeasure_NonAsciiLettersSplitTokens()
    {
        // "é" is outside a-z, so "Café" becomes the token "caf".
        Assert.Equal(1, RougeL.FMeasure("Café", "caf"), Tolerance);
    }

    [Fact]
    public void Tokenize_StemsOnlyTokensLongerThanThree()
    {
        // "was" would stem to "wa" but has only 3 letters; "ties" has 4.
        Assert.Equal(["was", "tie", "cat", "poni"], RougeL.Tokenize("WAS ties cats, ponies."));
    }

    [Fact]
    public void MaxFMeasure_TakesBestReference()
    {
        Assert.Equal(0.75, RougeL.MaxFMeasure(["a b c d", "The quick brown fox"], "the quick fox jumps"), Tolerance);
    }
}
