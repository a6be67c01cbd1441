using System.Text;
using Cappy.Scorer.Models;
using Cappy.Scorer.Tokenization;
using Cappy.Testing;
using Xunit;

namespace Cappy.Scorer.Tests.Tokenization;

public sealed class PairEncodersTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cappy-tokenizer-" + Guid.NewGuid().ToString("N"));

    public PairEncodersTests()
    {
        Directory.CreateDirectory(directory);
    }

    public void Dispose()
    {
        Directory.Delete(directory, recursive: true);
    }

    [SkippableFact]
    public void FromDirectory_VocabJsonAndMerges_ReturnsRoberta()
    {
        var encoder = TokenizerFixtures.Roberta();

        Assert.IsType<RobertaBpeEncoder>(encoder);
    }

    [SkippableFact]
    public void FromDirectory_MissingMerges_NamesMergesFile()
    {
        File.Copy(SharedData.RequireFile(TokenizerFixtures.RobertaDirectory + "/vocab.json"), Path.Combine(directory, "vocab.json"));
        var mergesPath = Path.Combine(directory, "merges.txt");

        var exception = Assert.Throws<ScorerModelException>(() => PairEncoders.FromDirectory(directory));

        Assert.Equal(mergesPath, exception.FilePath);
        Assert.Contains($"Tokenizer file not found: {mergesPath}.", exception.Message, StringComparison.Ordinal);
        Assert.Contains("needs vocab.json and merges.txt", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void FromDirectory_CorruptVocabJson_NamesVocabFile()
    {
        File.Copy(SharedData.RequireFile(TokenizerFixtures.RobertaDirectory + "/merges.txt"), Path.Combine(directory, "merges.txt"));
        var vocabPath = Path.Combine(directory, "vocab.json");
        File.WriteAllText(vocabPath, "{\"<s>\": 0, \"<pad>\": ");

        var exception = Assert.Throws<ScorerModelException>(() => PairEncoders.FromDirectory(directory));

        Assert.Equal(vocabPath, exception.FilePath);
        Assert.Contains(vocabPath, exception.Message, StringComparison.Ordinal);
        Assert.Contains("expected a JSON object", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDirectory_VocabJsonWithoutSpecialTokens_NamesMissingToken()
    {
        File.WriteAllText(Path.Combine(directory, "vocab.json"), "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        File.WriteAllText(Path.Combine(directory, "merges.txt"), "#version: 0.2\na b\n");

        var exception = Assert.Throws<ScorerModelException>(() => PairEncoders.FromDirectory(directory));

        Assert.Contains("<s>", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDirectory_MalformedMergeLine_NamesLine()
    {
        File.WriteAllText(Path.Combine(directory, "vocab.json"), "{\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"a\": 3, \"b\": 4, \"ab\": 5}");
        var mergesPath = Path.Combine(directory, "merges.txt");
        File.WriteAllText(mergesPath, "#version: 0.2\na b\nab\n");

        var exception = Assert.Throws<ScorerModelException>(() => PairEncoders.FromDirectory(directory));

        Assert.Equal(mergesPath, exception.FilePath);
        Assert.Contains("line 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDirectory_MissingDirectory_NamesDirectory()
    {
        var missing = Path.Combine(directory, "absent");

        var exception = Assert.Throws<ScorerModelException>(() => PairEncoders.FromDirectory(missing));

        Assert.Equal(missing, exception.FilePath);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDirectory_NoTokenizerFiles_ListsExpectedFiles()
    {
        var exception = Assert.Throws<ScorerModelException>(() => PairEncoders.FromDirectory(directory));

        Assert.Equal(directory, exception.FilePath);
        Assert.Contains("vocab.txt", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDirectory_VocabTxt_ReturnsWordPiece()
    {
        WriteMiniLmVocabulary();

        var encoder = PairEncoders.FromDirectory(directory);

        Assert.IsType<WordPieceEncoder>(encoder);
        Assert.Equal(
            TokenizerFixtures.MiniLmUncased().EncodePair("Hello World", "Ça va?", 256).InputIds,
            encoder.EncodePair("Hello World", "Ça va?", 256).InputIds);
    }

    [Fact]
    public void FromDirectory_DoLowerCaseFalse_KeepsCase()
    {
        WriteMiniLmVocabulary();
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), "{\"do_lower_case\": false}");

        var encoder = PairEncoders.FromDirectory(directory);

        Assert.NotEqual(
            TokenizerFixtures.MiniLmUncased().EncodeSingle("HELLO", 256).InputIds,
            encoder.EncodeSingle("HELLO", 256).InputIds);
    }

    [Fact]
    public void FromDirectory_CorruptTokenizerConfig_NamesConfigFile()
    {
        WriteMiniLmVocabulary();
        var configPath = Path.Combine(directory, "tokenizer_config.json");
        File.WriteAllText(configPath, "{\"do_lower_case\": \"yes\"}");

        var exception = Assert.Throws<ScorerModelException>(() => PairEncoders.FromDirectory(directory));

        Assert.Equal(configPath, exception.FilePath);
        Assert.Contains("do_lower_case", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateWordPiece_VocabularyWithoutClassificationToken_Throws()
    {
        using var vocabulary = new MemoryStream(Encoding.UTF8.GetBytes("[PAD]\n[UNK]\n[SEP]\nhello\n"));

        var exception = Assert.Throws<ScorerModelException>(() => PairEncoders.CreateWordPiece(vocabulary, lowerCase: true));

        Assert.Contains("[CLS]", exception.Message, StringComparison.Ordinal);
    }

    private void WriteMiniLmVocabulary()
    {
        using var source = EmbeddedMiniLm.OpenVocabulary();
        using var target = File.Create(Path.Combine(directory, "vocab.txt"));
        source.CopyTo(target);
    }
}
