using Cappy.Scorer.Tokenization;
using Xunit;

namespace Cappy.Scorer.Tests.Tokenization;

/// <summary>
/// Cases of HuggingFace's longest_first rule. The uneven splits for a budget of 253 (126/127 and 127/126) are the
/// ones HuggingFace tokenizers 0.22.2 produces for equal, second-longer and first-longer inputs.
/// </summary>
public sealed class PairTruncationTests
{
    [Theory]
    [InlineData(253, 255, 508, 253, 255)]
    [InlineData(254, 254, 508, 254, 254)]
    [InlineData(254, 255, 508, 254, 254)]
    [InlineData(255, 254, 508, 254, 254)]
    [InlineData(255, 255, 508, 254, 254)]
    [InlineData(253, 600, 508, 253, 255)]
    [InlineData(600, 253, 508, 255, 253)]
    [InlineData(10, 600, 508, 10, 498)]
    [InlineData(600, 10, 508, 498, 10)]
    [InlineData(0, 600, 508, 0, 508)]
    [InlineData(600, 0, 508, 508, 0)]
    [InlineData(300, 300, 253, 126, 127)]
    [InlineData(200, 300, 253, 126, 127)]
    [InlineData(300, 200, 253, 127, 126)]
    [InlineData(127, 127, 253, 126, 127)]
    [InlineData(5, 5, 0, 0, 0)]
    public void Fit_KeepsHuggingFaceLengths(int firstLength, int secondLength, int budget, int expectedFirst, int expectedSecond)
    {
        var (first, second) = PairTruncation.Fit(firstLength, secondLength, budget);

        Assert.Equal(expectedFirst, first);
        Assert.Equal(expectedSecond, second);
    }

    [Fact]
    public void TextBudget_BelowSpecialTokens_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PairTruncation.TextBudget(3, 4));
    }

    [Fact]
    public void TextBudget_SubtractsSpecialTokens()
    {
        Assert.Equal(508, PairTruncation.TextBudget(512, 4));
    }
}
