using System.Text;
using Cappy.Scorer.Tokenization;
using Xunit;

namespace Cappy.Scorer.Tests.Tokenization;

/// <summary>
/// HuggingFace's WordPiece turns a word of more than 100 code points into one [UNK] and tokenizes shorter ones.
/// </summary>
public sealed class WordPieceWordLengthTests
{
    // Ids are line numbers: [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, a=4, ##a=5, U+1D400=6, ##U+1D400=7.
    private const string Vocabulary = "[PAD]\n[UNK]\n[CLS]\n[SEP]\na\n##a\n\U0001D400\n##\U0001D400\n";

    [Fact]
    public void Word_OfHundredCodePoints_Tokenized()
    {
        var encoder = CreateEncoder();

        var encoded = encoder.EncodeSingle(new string('a', 100), 512);

        Assert.Equal(102, encoded.Length);
        Assert.Equal(4, encoded.InputIds[1]);
        Assert.Equal(5, encoded.InputIds[100]);
    }

    [Fact]
    public void Word_OfHundredOneCodePoints_Unknown()
    {
        var encoder = CreateEncoder();

        var encoded = encoder.EncodeSingle(new string('a', 101), 512);

        Assert.Equal([2, 1, 3], encoded.InputIds);
    }

    [Fact]
    public void Word_OfSixtyAstralLetters_Tokenized()
    {
        var encoder = CreateEncoder();
        var word = string.Concat(Enumerable.Repeat("\U0001D400", 60));

        var encoded = encoder.EncodeSingle(word, 512);

        Assert.Equal(62, encoded.Length);
        Assert.Equal(6, encoded.InputIds[1]);
        Assert.Equal(7, encoded.InputIds[60]);
    }

    private static WordPieceEncoder CreateEncoder()
    {
        using var vocabulary = new MemoryStream(Encoding.UTF8.GetBytes(Vocabulary));
        return PairEncoders.CreateWordPiece(vocabulary, lowerCase: false);
    }
}
