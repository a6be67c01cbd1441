using Xunit;

namespace Cappy.Scorer.Tests.Tokenization;

public sealed class EncoderEdgeCaseTests
{
    private static readonly string LongText = string.Join(' ', Enumerable.Repeat("alpha", 700));

    [SkippableFact]
    public void RobertaPair_BothSidesEmpty_OnlySpecialTokens()
    {
        var encoder = TokenizerFixtures.Roberta();
        var begin = VocabularyIds.Roberta("<s>");
        var end = VocabularyIds.Roberta("</s>");

        var encoded = encoder.EncodePair(string.Empty, string.Empty, 512);

        Assert.Equal([begin, end, end, end], encoded.InputIds);
    }

    [SkippableFact]
    public void RobertaPair_EmptyFirst_SecondAfterSeparators()
    {
        var encoder = TokenizerFixtures.Roberta();
        var begin = VocabularyIds.Roberta("<s>");
        var end = VocabularyIds.Roberta("</s>");
        var word = VocabularyIds.Roberta("hello");

        var encoded = encoder.EncodePair(string.Empty, "hello", 512);

        Assert.Equal([begin, end, end, word, end], encoded.InputIds);
    }

    [SkippableFact]
    public void RobertaSingle_Empty_OnlySpecialTokens()
    {
        var encoder = TokenizerFixtures.Roberta();

        var encoded = encoder.EncodeSingle(string.Empty, 512);

        Assert.Equal([VocabularyIds.Roberta("<s>"), VocabularyIds.Roberta("</s>")], encoded.InputIds);
        Assert.Null(encoded.TokenTypeIds);
    }

    [SkippableFact]
    public void RobertaSingle_LongText_TruncatedToMaxLength()
    {
        var encoder = TokenizerFixtures.Roberta();

        var encoded = encoder.EncodeSingle(LongText, 512);

        Assert.Equal(512, encoded.Length);
        Assert.Equal(VocabularyIds.Roberta("</s>"), encoded.InputIds[^1]);
        Assert.Equal(VocabularyIds.Roberta("alpha"), encoded.InputIds[1]);
    }

    [SkippableFact]
    public void RobertaPair_BothLong_FillsMaxLength()
    {
        var encoder = TokenizerFixtures.Roberta();

        var encoded = encoder.EncodePair(LongText, LongText, 512);

        Assert.Equal(512, encoded.Length);
        Assert.Equal(VocabularyIds.Roberta("</s>"), encoded.InputIds[255]);
        Assert.Equal(VocabularyIds.Roberta("</s>"), encoded.InputIds[256]);
    }

    [SkippableFact]
    public void RobertaPair_MaskAfterSpace_AbsorbsSpace()
    {
        var encoder = TokenizerFixtures.Roberta();

        var encoded = encoder.EncodePair("a <mask>", string.Empty, 512);

        Assert.Equal(VocabularyIds.Roberta("a"), encoded.InputIds[1]);
        Assert.Equal(VocabularyIds.Roberta("<mask>"), encoded.InputIds[2]);
        Assert.Equal(VocabularyIds.Roberta("</s>"), encoded.InputIds[3]);
    }

    [SkippableFact]
    public void Roberta_MaxLengthBelowSpecialTokens_Throws()
    {
        var encoder = TokenizerFixtures.Roberta();

        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.EncodePair("a", "b", 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.EncodeSingle("a", 1));
    }

    [SkippableFact]
    public void Roberta_PadTokenId_IsPadOfVocabulary()
    {
        var encoder = TokenizerFixtures.Roberta();

        Assert.Equal(VocabularyIds.Roberta("<pad>"), encoder.PadTokenId);
    }

    [Fact]
    public void WordPiecePair_BothSidesEmpty_OnlySpecialTokens()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();
        var classification = VocabularyIds.MiniLm("[CLS]");
        var separator = VocabularyIds.MiniLm("[SEP]");

        var encoded = encoder.EncodePair(string.Empty, string.Empty, 256);

        Assert.Equal([classification, separator, separator], encoded.InputIds);
        Assert.Equal([0, 0, 1], encoded.TokenTypeIds ?? []);
    }

    [Fact]
    public void WordPiecePair_WhitespaceOnlySides_SameAsEmpty()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();

        var encoded = encoder.EncodePair(" \t\n", "\r\n  ", 256);

        Assert.Equal(encoder.EncodePair(string.Empty, string.Empty, 256).InputIds, encoded.InputIds);
    }

    [Fact]
    public void WordPieceSingle_Empty_ZeroTokenTypes()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();

        var encoded = encoder.EncodeSingle(string.Empty, 256);

        Assert.Equal([VocabularyIds.MiniLm("[CLS]"), VocabularyIds.MiniLm("[SEP]")], encoded.InputIds);
        Assert.Equal([0, 0], encoded.TokenTypeIds ?? []);
    }

    [Fact]
    public void WordPiecePair_BothLong_FillsMaxLength()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();

        var encoded = encoder.EncodePair(LongText, LongText, 256);

        Assert.Equal(256, encoded.Length);
        Assert.Equal(VocabularyIds.MiniLm("[SEP]"), encoded.InputIds[127]);
        Assert.Equal(0, encoded.TokenTypeIds![127]);
        Assert.Equal(1, encoded.TokenTypeIds[128]);
    }

    [Fact]
    public void WordPiece_PadTokenId_IsPadOfVocabulary()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();

        Assert.Equal(VocabularyIds.MiniLm("[PAD]"), encoder.PadTokenId);
        Assert.True(encoder.ProducesTokenTypeIds);
    }

    [Fact]
    public void WordPiece_MaxLengthBelowSpecialTokens_Throws()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();

        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.EncodePair("a", "b", 2));
    }
}
