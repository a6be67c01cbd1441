using Cappy.Proxy.Training;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Scorer.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.Proxy.Tests.Training;

/// <summary>
/// Trains a tiny generated BERT-family cross-encoder on a few hundred pairs whose label depends on the response, then
/// loads the written model through the scorer factory. Needs LibTorch, so it skips where TorchSharp cannot load.
/// </summary>
public sealed class TrainSmokeTests : IDisposable
{
    private static readonly RobertaModelConfig TinyBert = new(
        Layers: 2, Hidden: 32, Heads: 4, Intermediate: 64, VocabularySize: 30_522, MaxPositions: 64, Seed: 11)
    {
        Family = EncoderFamily.Bert,
    };

    private readonly string directory = Directory.CreateTempSubdirectory("cappy-train-smoke-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [SkippableFact]
    public async Task TinyModel_LossFallsAndExportScores()
    {
        NetworkExportTests.SkipWithoutLibTorch();
        var settings = CreateSettings(Path.Combine(directory, "trained"));
        var progress = new StringWriter();

        var result = await ScorerTrainer.RunAsync(settings, progress, CancellationToken.None);

        Assert.Equal(12, result.Losses.Count);
        var firstSteps = result.Losses.Take(3).Average();
        var lastSteps = result.Losses.TakeLast(3).Average();
        Assert.True(lastSteps < firstSteps * 0.8, $"Loss fell from {firstSteps} to only {lastSteps}.");
        Assert.True(result.OnnxMaxDifference < 1e-4, $"ONNX and TorchSharp scores differ by {result.OnnxMaxDifference}.");
        Assert.Contains("step 12/12", progress.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(settings.OutputDirectory, "training.json")));
        Assert.True(File.Exists(Path.Combine(settings.OutputDirectory, "loss.png")));
        Assert.False(Directory.Exists(TrainingCheckpoint.PathIn(settings.OutputDirectory)));

        using var scorer = ScorerFactory.Create(
            new ScorerOptions { ModelDirectory = settings.OutputDirectory, ExecutionProvider = "cpu", MaxLength = 32 },
            NullLoggerFactory.Instance);
        var scores = await scorer.ScoreAsync("Is this answer right?", ["The answer is right.", "The answer is wrong."], CancellationToken.None);
        Assert.True(scores[0] > scores[1], $"Trained scorer gave the right answer {scores[0]} and the wrong one {scores[1]}.");
    }

    [SkippableFact]
    public async Task Resume_AfterCancel_MatchesUninterruptedRun()
    {
        NetworkExportTests.SkipWithoutLibTorch();
        var uninterrupted = await ScorerTrainer.RunAsync(CreateSettings(Path.Combine(directory, "whole")), TextWriter.Null, CancellationToken.None);

        var resumedDirectory = Path.Combine(directory, "resumed");
        using (var cancellation = new CancellationTokenSource())
        {
            var stopAfterFiveSteps = new CancelOnLineWriter("step 5/", cancellation);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => ScorerTrainer.RunAsync(CreateSettings(resumedDirectory), stopAfterFiveSteps, cancellation.Token));
        }

        Assert.True(Directory.Exists(TrainingCheckpoint.PathIn(resumedDirectory)));
        var resumed = await ScorerTrainer.RunAsync(CreateSettings(resumedDirectory) with { Resume = true }, TextWriter.Null, CancellationToken.None);

        Assert.Equal(uninterrupted.Losses.Count, resumed.Losses.Count);
        for (var step = 0; step < resumed.Losses.Count; step++)
        {
            Assert.True(
                Math.Abs(uninterrupted.Losses[step] - resumed.Losses[step]) < 1e-4,
                $"Step {step + 1}: loss {resumed.Losses[step]} after resuming, {uninterrupted.Losses[step]} without.");
        }
    }

    private TrainingSettings CreateSettings(string output)
    {
        var baseDirectory = Path.Combine(directory, "base");
        if (!Directory.Exists(baseDirectory))
        {
            Directory.CreateDirectory(baseDirectory);
            RobertaOnnxGenerator.Write(TinyBert, Path.Combine(baseDirectory, "model.onnx"));
            File.WriteAllText(Path.Combine(baseDirectory, "config.json"), RobertaOnnxGenerator.CreateConfigJson(TinyBert));
            using var vocabulary = EmbeddedMiniLm.OpenVocabulary();
            using var file = File.Create(Path.Combine(baseDirectory, "vocab.txt"));
            vocabulary.CopyTo(file);
        }

        var dataPath = Path.Combine(directory, "data.jsonl");
        if (!File.Exists(dataPath))
        {
            File.WriteAllLines(dataPath, CreateLines(320));
        }

        // 384 examples = 12 steps of 32; checkpoints every 2 steps.
        return new TrainingSettings
        {
            DataPath = dataPath,
            BaseModel = baseDirectory,
            OutputDirectory = output,
            Device = "cpu",
            LearningRate = 1e-3,
            BatchSize = 32,
            MicroBatchSize = 16,
            TargetExamples = 384,
            MaxLength = 32,
            CheckpointEvery = 2,
            Seed = 3,
        };
    }

    // Label 1 for responses that call the answer right, 0 for those that call it wrong.
    private static IEnumerable<string> CreateLines(int count)
    {
        string[] subjects = ["The answer", "This reply", "Your result", "That sum", "The claim"];
        for (var i = 0; i < count; i++)
        {
            var right = i % 2 == 0;
            var response = $"{subjects[i % subjects.Length]} is {(right ? "right" : "wrong")}.";
            yield return $$"""{"instruction": "Is this answer right? ({{i}})", "response": "{{response}}", "label": {{(right ? 1 : 0)}}}""";
        }
    }

    private sealed class CancelOnLineWriter(string marker, CancellationTokenSource cancellation) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(marker, StringComparison.Ordinal) == true)
            {
                cancellation.Cancel();
            }
        }
    }
}
