using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Scorer.Tests.Inference;
using Cappy.Testing;
using Xunit;

namespace Cappy.Scorer.Tests.Models;

/// <summary>Model directories that cannot be loaded, each failing with an error that names the file at fault.</summary>
public sealed class ModelDirectoryFailureTests
{
    [Fact]
    public void MissingDirectory_NamesDirectory()
    {
        using var parent = new TemporaryDirectory();
        var missing = parent.File("no-such-model");

        var exception = Assert.Throws<ScorerModelException>(() => Create(missing));

        Assert.Equal(missing, exception.FilePath);
        Assert.Contains($"Model directory '{missing}' not found", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void MissingModelFile_NamesModelOnnx()
    {
        using var directory = new TemporaryDirectory();
        CopyRobertaTokenizer(directory, withMerges: true);
        var modelPath = directory.File("model.onnx");

        var exception = Assert.Throws<ScorerModelException>(() => Create(directory.Path));

        Assert.Equal(modelPath, exception.FilePath);
        Assert.Contains($"Model file '{modelPath}' not found", exception.Message, StringComparison.Ordinal);
        Assert.Contains("expected the ONNX model", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void CorruptModelFile_NamesModelOnnx()
    {
        using var directory = new TemporaryDirectory();
        CopyRobertaTokenizer(directory, withMerges: true);
        var modelPath = directory.File("model.onnx");
        var randomBytes = new byte[4096];
        new Random(20240611).NextBytes(randomBytes);
        File.WriteAllBytes(modelPath, randomBytes);

        var exception = Assert.Throws<ScorerModelException>(() => Create(directory.Path));

        Assert.Equal(modelPath, exception.FilePath);
        Assert.Contains($"Model file '{modelPath}' could not be loaded", exception.Message, StringComparison.Ordinal);
        Assert.Contains("expected an ONNX model", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void MissingMerges_NamesMergesTxt()
    {
        using var directory = new TemporaryDirectory();
        CopyRobertaTokenizer(directory, withMerges: false);
        TokenSumModel.Write(directory.File("model.onnx"), withTokenTypeIds: false);
        var mergesPath = directory.File("merges.txt");

        var exception = Assert.Throws<ScorerModelException>(() => Create(directory.Path));

        Assert.Equal(mergesPath, exception.FilePath);
        Assert.Contains(mergesPath, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTokenizer_NamesExpectedFiles()
    {
        using var directory = new TemporaryDirectory();
        TokenSumModel.Write(directory.File("model.onnx"), withTokenTypeIds: false);

        var exception = Assert.Throws<ScorerModelException>(() => Create(directory.Path));

        Assert.Contains("vocab.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.txt", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelWithoutLogits_NamesExpectedOutput()
    {
        // all-MiniLM-L6-v2 with its WordPiece vocabulary: a real export, but of token embeddings, not logits.
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory.File("model.onnx"), EmbeddedMiniLm.ReadModel());
        using (var vocabulary = EmbeddedMiniLm.OpenVocabulary())
        using (var file = File.Create(directory.File("vocab.txt")))
        {
            vocabulary.CopyTo(file);
        }

        var exception = Assert.Throws<ScorerModelException>(() => Create(directory.Path));

        Assert.Equal(directory.File("model.onnx"), exception.FilePath);
        Assert.Contains("expected output 'logits'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("last_hidden_state", exception.Message, StringComparison.Ordinal);
    }

    private static IScorer Create(string directory) =>
        ScorerFactory.Create(new ScorerOptions { ModelDirectory = directory, ExecutionProvider = "cpu" }, new RecordingLoggerFactory());

    private static void CopyRobertaTokenizer(TemporaryDirectory directory, bool withMerges)
    {
        File.Copy(SharedData.RequireFile("tokenizers/roberta-base/vocab.json"), directory.File("vocab.json"));
        if (withMerges)
        {
            File.Copy(SharedData.RequireFile("tokenizers/roberta-base/merges.txt"), directory.File("merges.txt"));
        }
    }
}
