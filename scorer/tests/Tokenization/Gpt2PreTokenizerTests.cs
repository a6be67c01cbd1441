using Cappy.Scorer.Tokenization;
using Xunit;

namespace Cappy.Scorer.Tests.Tokenization;

/// <summary>Expected pieces follow the GPT-2 split pattern applied to code points by hand.</summary>
public sealed class Gpt2PreTokenizerTests
{
    [Theory]
    [InlineData("Hello world!", new[] { "Hello", " world", "!" })]
    [InlineData("I'm here, they've", new[] { "I", "'m", " here", ",", " they", "'ve" })]
    [InlineData("a  b", new[] { "a", " ", " b" })]
    [InlineData("a \tb", new[] { "a", " ", "\t", "b" })]
    [InlineData("end  ", new[] { "end", "  " })]
    [InlineData("x 42.5", new[] { "x", " 42", ".", "5" })]
    [InlineData("\U0001D400\U0001D4011", new[] { "\U0001D400\U0001D401", "1" })]
    [InlineData("7\U00020000!", new[] { "7", "\U00020000", "!" })]
    [InlineData("go \U0001D400.", new[] { "go", " \U0001D400", "." })]
    [InlineData("'sa 's", new[] { "'s", "a", " '", "s" })]
    public void PreTokenize_SplitsByCodePoints(string text, string[] expected)
    {
        var pieces = Gpt2PreTokenizer.Instance.PreTokenize(text)
            .Select(piece => text.Substring(piece.Offset, piece.Length))
            .ToArray();

        Assert.Equal(expected, pieces);
    }

    [Fact]
    public void PreTokenize_UnpairedSurrogate_CoversWholeText()
    {
        var text = "a\uD800b";

        var pieces = Gpt2PreTokenizer.Instance.PreTokenize(text).ToArray();

        Assert.Equal(text.Length, pieces.Sum(piece => piece.Length));
    }
}
