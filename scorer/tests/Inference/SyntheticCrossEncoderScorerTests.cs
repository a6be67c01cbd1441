using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Cappy.Scorer.Tests.Inference;

public sealed class SyntheticCrossEncoderScorerTests : IClassFixture<SyntheticCrossEncoderFixture>
{
    private const float Tolerance = 1e-4f;

    private readonly SyntheticCrossEncoderFixture _fixture;

    public SyntheticCrossEncoderScorerTests(SyntheticCrossEncoderFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public void Description_CrossEncoderFromDirectory()
    {
        var description = _fixture.Scorer.Description;

        Assert.Equal(Path.GetFileName(_fixture.DirectoryPath), description.Name);
        Assert.Equal(ScorerKind.CrossEncoder, description.Kind);
        Assert.Equal("cpu", description.ExecutionProvider);
        Assert.Equal(Path.Combine(_fixture.DirectoryPath, "model.onnx"), description.ModelPath);
    }

    [SkippableFact]
    public void StartUp_LogsModelWithoutEmbeddedWarning()
    {
        _ = _fixture.Scorer;
        var entries = _fixture.Logs.Entries;

        var loaded = Assert.Single(entries, entry => entry.EventId.Id == ScorerEventIds.ModelLoaded);
        Assert.Equal(LogLevel.Information, loaded.Level);
        Assert.Contains("CrossEncoder", loaded.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_fixture.DirectoryPath, "model.onnx"), loaded.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(entries, entry => entry.EventId.Id == ScorerEventIds.EmbeddedModelInUse);
    }

    [SkippableFact]
    public void Signature_ReadFromSession()
    {
        _ = _fixture.Scorer;
        var modelPath = Path.Combine(_fixture.DirectoryPath, "model.onnx");
        using var session = new InferenceSession(modelPath);

        var signature = ModelSignature.Read(session, ModelSignature.Logits, 2, modelPath);

        Assert.Equal(["attention_mask", "input_ids"], session.InputMetadata.Keys.Order(StringComparer.Ordinal));
        Assert.False(signature.TakesTokenTypeIds);
        Assert.Equal("logits", signature.OutputName);
    }

    [SkippableFact]
    public async Task Score_SameAloneAndInAnyBatch()
    {
        var scorer = _fixture.Scorer;
        var records = AlpacaTexts.Load(2);
        var (instruction, answers) = records[0];
        var otherAnswers = records[1].Answers;

        var alone = new float[answers.Length];
        for (var i = 0; i < answers.Length; i++)
        {
            alone[i] = Assert.Single(await scorer.ScoreAsync(instruction, [answers[i]], CancellationToken.None));
        }

        var inOrder = await scorer.ScoreAsync(instruction, answers, CancellationToken.None);
        var reversed = await scorer.ScoreAsync(instruction, [.. answers.Reverse()], CancellationToken.None);
        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal(alone[i], inOrder[i], Tolerance);
            Assert.Equal(alone[i], reversed[answers.Length - 1 - i], Tolerance);
        }

        var longestOther = otherAnswers.MaxBy(answer => answer.Length)!;
        var shortestOther = otherAnswers.MinBy(answer => answer.Length)!;
        for (var i = 0; i < answers.Length; i++)
        {
            var withLonger = await scorer.ScoreAsync(instruction, [longestOther, answers[i]], CancellationToken.None);
            var withShorter = await scorer.ScoreAsync(instruction, [answers[i], shortestOther], CancellationToken.None);
            Assert.Equal(alone[i], withLonger[1], Tolerance);
            Assert.Equal(alone[i], withShorter[0], Tolerance);
        }
    }

    [SkippableFact]
    public async Task Score_EqualsDirectRunOnUnpaddedRow()
    {
        var scorer = _fixture.Scorer;
        var (instruction, answers) = AlpacaTexts.Load(1)[0];
        var encoder = PairEncoders.FromDirectory(_fixture.DirectoryPath);
        using var session = new InferenceSession(Path.Combine(_fixture.DirectoryPath, "model.onnx"));

        var scores = await scorer.ScoreAsync(instruction, answers, CancellationToken.None);

        for (var i = 0; i < answers.Length; i++)
        {
            var row = encoder.EncodePair(instruction, answers[i], 512);
            Assert.Equal(RunUnpadded(session, row), scores[i], Tolerance);
        }
    }

    [SkippableFact]
    public async Task MaxLength_TruncatesEachRow()
    {
        _ = _fixture.Scorer;
        var (instruction, answers) = AlpacaTexts.Load(1)[0];
        var encoder = PairEncoders.FromDirectory(_fixture.DirectoryPath);
        using var session = new InferenceSession(Path.Combine(_fixture.DirectoryPath, "model.onnx"));
        var options = new ScorerOptions { ModelDirectory = _fixture.DirectoryPath, ExecutionProvider = "cpu", MaxLength = 16 };
        using var scorer = ScorerFactory.Create(options, new Cappy.Testing.RecordingLoggerFactory());

        var scores = await scorer.ScoreAsync(instruction, answers, CancellationToken.None);

        for (var i = 0; i < answers.Length; i++)
        {
            var row = encoder.EncodePair(instruction, answers[i], 16);
            Assert.Equal(16, row.Length);
            Assert.Equal(RunUnpadded(session, row), scores[i], Tolerance);
        }
    }

    [SkippableFact]
    public async Task ConcurrentCalls_MatchSequentialScores()
    {
        var scorer = _fixture.Scorer;
        var records = AlpacaTexts.Load(4);
        var sequential = new List<float[]>();
        foreach (var (instruction, answers) in records)
        {
            sequential.Add(await scorer.ScoreAsync(instruction, answers, CancellationToken.None));
        }

        var concurrent = await Task.WhenAll(records.Select(record =>
            Task.Run(async () => await scorer.ScoreAsync(record.Instruction, record.Answers, CancellationToken.None))));

        for (var r = 0; r < records.Count; r++)
        {
            for (var i = 0; i < sequential[r].Length; i++)
            {
                Assert.Equal(sequential[r][i], concurrent[r][i], Tolerance);
            }
        }
    }

    [SkippableFact]
    public async Task EmptyResponses_ReturnsEmpty()
    {
        var scores = await _fixture.Scorer.ScoreAsync("Name a colour.", [], CancellationToken.None);

        Assert.Empty(scores);
    }

    [SkippableFact]
    public async Task CancelledToken_ThrowsWithoutScoring()
    {
        var scorer = _fixture.Scorer;
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await scorer.ScoreAsync("Name a colour.", ["Red."], cancellation.Token));
    }

    /// <summary>Runs one row with batch size 1 and no padding, built by hand, and returns <c>logits[0][0]</c>.</summary>
    private static float RunUnpadded(InferenceSession session, EncodedInput row)
    {
        long[] shape = [1, row.Length];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(row.InputIds.Select(id => (long)id).ToArray(), shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, row.Length).ToArray(), shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = inputIds, ["attention_mask"] = attentionMask };

        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, ["logits"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }
}
