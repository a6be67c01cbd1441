using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Scorer.Tokenization;
using Cappy.Testing;
using Xunit;

namespace Cappy.Scorer.Tests.Inference;

/// <summary>
/// Cross-encoder directories whose model sums its inputs (see <see cref="TokenSumModel"/>), so each expected
/// score follows from the encoder's unpadded row alone and shows which inputs the scorer fed.
/// </summary>
public sealed class TokenTypeFeedTests
{
    private const int MaxLength = 64;

    private const string Instruction = "Summarise the plot of Hamlet in one sentence.";

    private static readonly string[] Responses =
    [
        "Revenge.",
        "A Danish prince avenges his father's murder by his uncle, and nearly everyone dies.",
        "Prince Hamlet feigns madness, stages a play to expose King Claudius and dies in a duel with Laertes.",
    ];

    [Fact]
    public async Task WordPieceWithTokenTypes_FeedsSegmentIds()
    {
        using var directory = new TemporaryDirectory();
        WriteWordPieceVocabulary(directory);
        TokenSumModel.Write(directory.File("model.onnx"), withTokenTypeIds: true);
        var encoder = PairEncoders.FromDirectory(directory.Path);

        var scores = await ScoreAsync(directory.Path);

        for (var i = 0; i < Responses.Length; i++)
        {
            var row = encoder.EncodePair(Instruction, Responses[i], MaxLength);
            Assert.Contains(1, row.TokenTypeIds!);
            Assert.Equal(SumOf(row, withTokenTypes: true), scores[i], 0.5f);
        }
    }

    [Fact]
    public async Task WordPieceWithoutTokenTypeInput_FeedsIdsOnly()
    {
        using var directory = new TemporaryDirectory();
        WriteWordPieceVocabulary(directory);
        TokenSumModel.Write(directory.File("model.onnx"), withTokenTypeIds: false);
        var encoder = PairEncoders.FromDirectory(directory.Path);

        var scores = await ScoreAsync(directory.Path);

        for (var i = 0; i < Responses.Length; i++)
        {
            var row = encoder.EncodePair(Instruction, Responses[i], MaxLength);
            Assert.Equal(SumOf(row, withTokenTypes: false), scores[i], 0.5f);
        }
    }

    [SkippableFact]
    public async Task RobertaWithTokenTypeInput_FeedsZeroSegments()
    {
        using var directory = new TemporaryDirectory();
        File.Copy(SharedData.RequireFile("tokenizers/roberta-base/vocab.json"), directory.File("vocab.json"));
        File.Copy(SharedData.RequireFile("tokenizers/roberta-base/merges.txt"), directory.File("merges.txt"));
        TokenSumModel.Write(directory.File("model.onnx"), withTokenTypeIds: true);
        var encoder = PairEncoders.FromDirectory(directory.Path);

        var scores = await ScoreAsync(directory.Path);

        for (var i = 0; i < Responses.Length; i++)
        {
            var row = encoder.EncodePair(Instruction, Responses[i], MaxLength);
            Assert.Equal(SumOf(row, withTokenTypes: false), scores[i], 0.5f);
        }
    }

    private static async Task<float[]> ScoreAsync(string directory)
    {
        var options = new ScorerOptions { ModelDirectory = directory, ExecutionProvider = "cpu", MaxLength = MaxLength };
        using var scorer = ScorerFactory.Create(options, new RecordingLoggerFactory());
        return await scorer.ScoreAsync(Instruction, Responses, CancellationToken.None);
    }

    /// <summary>The closed-form logit of one unpadded row; exact in float32 while it stays below 2^24.</summary>
    private static float SumOf(EncodedInput row, bool withTokenTypes)
    {
        double sum = 0;
        for (var position = 0; position < row.Length; position++)
        {
            sum += row.InputIds[position];
            if (withTokenTypes)
            {
                sum += TokenSumModel.TokenTypeWeight * row.TokenTypeIds![position];
            }
        }

        return (float)sum;
    }

    private static void WriteWordPieceVocabulary(TemporaryDirectory directory)
    {
        using var vocabulary = EmbeddedMiniLm.OpenVocabulary();
        using var file = File.Create(directory.File("vocab.txt"));
        vocabulary.CopyTo(file);
    }
}
