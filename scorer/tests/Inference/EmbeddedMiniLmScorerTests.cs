using System.Numerics.Tensors;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Scorer.Tokenization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Cappy.Scorer.Tests.Inference;

public sealed class EmbeddedMiniLmScorerTests : IClassFixture<EmbeddedScorerFixture>
{
    private const float Tolerance = 1e-4f;

    private readonly IScorer _scorer;
    private readonly EmbeddedScorerFixture _fixture;

    public EmbeddedMiniLmScorerTests(EmbeddedScorerFixture fixture)
    {
        _fixture = fixture;
        _scorer = fixture.Scorer;
    }

    [Fact]
    public void Description_EmbeddedBiEncoderOnCpu()
    {
        Assert.Equal(ScorerFactory.EmbeddedModelName, _scorer.Description.Name);
        Assert.Equal(ScorerKind.BiEncoder, _scorer.Description.Kind);
        Assert.Equal("cpu", _scorer.Description.ExecutionProvider);
        Assert.Null(_scorer.Description.ModelPath);
    }

    [Fact]
    public void StartUp_LogsModelAndEmbeddedWarning()
    {
        var entries = _fixture.Logs.Entries;

        var loaded = Assert.Single(entries, entry => entry.EventId.Id == ScorerEventIds.ModelLoaded);
        Assert.Equal(LogLevel.Information, loaded.Level);
        Assert.Contains(ScorerFactory.EmbeddedModelName, loaded.Message, StringComparison.Ordinal);
        Assert.Contains("BiEncoder", loaded.Message, StringComparison.Ordinal);
        Assert.Contains("cpu", loaded.Message, StringComparison.Ordinal);

        var warning = Assert.Single(entries, entry => entry.EventId.Id == ScorerEventIds.EmbeddedModelInUse);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("optimum-cli export onnx --model btan2/cappy-large --task text-classification", warning.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Score_SameAloneAndInAnyBatch()
    {
        var records = AlpacaTexts.Load(2);
        var (instruction, answers) = records[0];
        var otherAnswers = records[1].Answers;

        var alone = new float[answers.Length];
        for (var i = 0; i < answers.Length; i++)
        {
            alone[i] = Assert.Single(await _scorer.ScoreAsync(instruction, [answers[i]], CancellationToken.None));
        }

        var inOrder = await _scorer.ScoreAsync(instruction, answers, CancellationToken.None);
        var reversed = await _scorer.ScoreAsync(instruction, [.. answers.Reverse()], CancellationToken.None);
        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal(alone[i], inOrder[i], Tolerance);
            Assert.Equal(alone[i], reversed[answers.Length - 1 - i], Tolerance);
        }

        // Each answer beside an answer of another length, first and last, so its padding differs.
        var longestOther = otherAnswers.MaxBy(answer => answer.Length)!;
        var shortestOther = otherAnswers.MinBy(answer => answer.Length)!;
        for (var i = 0; i < answers.Length; i++)
        {
            var withLonger = await _scorer.ScoreAsync(instruction, [longestOther, answers[i]], CancellationToken.None);
            var withShorter = await _scorer.ScoreAsync(instruction, [answers[i], shortestOther], CancellationToken.None);
            Assert.Equal(alone[i], withLonger[1], Tolerance);
            Assert.Equal(alone[i], withShorter[0], Tolerance);
        }
    }

    [SkippableFact]
    public async Task Score_MatchesUnpaddedDirectRuns()
    {
        var records = AlpacaTexts.Load(1);
        var (instruction, answers) = records[0];
        var shortest = answers.MinBy(answer => answer.Length)!;
        var longest = answers.MaxBy(answer => answer.Length)!;

        var scores = await _scorer.ScoreAsync(instruction, [shortest, longest], CancellationToken.None);

        // Independent path: one unpadded row per text, mean over all its tokens, then cosine.
        using var vocabulary = EmbeddedMiniLm.OpenVocabulary();
        var encoder = PairEncoders.CreateWordPiece(vocabulary, lowerCase: true);
        using var session = new InferenceSession(EmbeddedMiniLm.ReadModel());
        var instructionEmbedding = EmbedAlone(session, encoder, instruction);
        var expectedShortest = Cosine(instructionEmbedding, EmbedAlone(session, encoder, shortest));
        var expectedLongest = Cosine(instructionEmbedding, EmbedAlone(session, encoder, longest));

        Assert.Equal(expectedShortest, scores[0], Tolerance);
        Assert.Equal(expectedLongest, scores[1], Tolerance);
    }

    [SkippableFact]
    public async Task IdenticalTexts_ScoreOne()
    {
        var (instruction, answers) = AlpacaTexts.Load(1)[0];
        string[] texts = [instruction, answers[0], answers[^1]];

        foreach (var text in texts)
        {
            var score = Assert.Single(await _scorer.ScoreAsync(text, [text], CancellationToken.None));
            Assert.Equal(1f, score, Tolerance);
        }
    }

    [SkippableFact]
    public async Task Scores_WithinUnitRange()
    {
        foreach (var (instruction, answers) in AlpacaTexts.Load(5))
        {
            var scores = await _scorer.ScoreAsync(instruction, answers, CancellationToken.None);

            Assert.Equal(answers.Length, scores.Length);
            Assert.All(scores, score => Assert.InRange(score, -1f, 1f));
        }
    }

    [SkippableFact]
    public async Task ConcurrentCalls_MatchSequentialScores()
    {
        var records = AlpacaTexts.Load(4);
        var sequential = new List<float[]>();
        foreach (var (instruction, answers) in records)
        {
            sequential.Add(await _scorer.ScoreAsync(instruction, answers, CancellationToken.None));
        }

        var concurrent = await Task.WhenAll(records.Select(record =>
            Task.Run(async () => await _scorer.ScoreAsync(record.Instruction, record.Answers, CancellationToken.None))));

        for (var r = 0; r < records.Count; r++)
        {
            for (var i = 0; i < sequential[r].Length; i++)
            {
                Assert.Equal(sequential[r][i], concurrent[r][i], Tolerance);
            }
        }
    }

    [Fact]
    public async Task EmptyResponses_ReturnsEmpty()
    {
        var scores = await _scorer.ScoreAsync("Name a colour.", [], CancellationToken.None);

        Assert.Empty(scores);
    }

    [Fact]
    public async Task CancelledToken_ThrowsWithoutScoring()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await _scorer.ScoreAsync("Name a colour.", ["Red."], cancellation.Token));
    }

    private static float[] EmbedAlone(InferenceSession session, WordPieceEncoder encoder, string text)
    {
        var row = encoder.EncodeSingle(text, BiEncoderModel.MaxTokens);
        long[] shape = [1, row.Length];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(row.InputIds.Select(id => (long)id).ToArray(), shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, row.Length).ToArray(), shape);
        using var tokenTypeIds = OrtValue.CreateTensorValueFromMemory(new long[row.Length], shape);
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = inputIds,
            ["attention_mask"] = attentionMask,
            ["token_type_ids"] = tokenTypeIds,
        };

        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, ["last_hidden_state"]);
        var tokens = outputs[0].GetTensorDataAsSpan<float>();
        var hidden = tokens.Length / row.Length;
        var mean = new float[hidden];
        for (var position = 0; position < row.Length; position++)
        {
            for (var h = 0; h < hidden; h++)
            {
                mean[h] += tokens[(position * hidden) + h] / row.Length;
            }
        }

        return mean;
    }

    private static float Cosine(float[] left, float[] right) => TensorPrimitives.CosineSimilarity(left, right);
}
