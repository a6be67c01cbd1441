using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cappy.Proxy.Training;

/// <summary>
/// Trains only the classification head of a cross-encoder, without LibTorch. The frozen base encoder turns every
/// (instruction, response) pair into its first token's hidden state once, with ONNX Runtime, cached in the output
/// directory. The head (dense, tanh, projection to one logit) then learns from those features in plain C#: MSE
/// between the logit and the label, AdamW, a linear schedule with warm-up, and several epochs. The written model is
/// the base encoder with the trained head.
/// </summary>
internal static class HeadTrainer
{
    /// <summary>Examples whose written-model scores are compared with the in-memory head after export.</summary>
    private const int ExportCheckExamples = 16;

    /// <summary>Runs the training that <paramref name="settings"/> describes, writing progress lines to <paramref name="progress"/>.</summary>
    /// <exception cref="InvalidDataException">The data or base model is invalid.</exception>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public static async Task<TrainingResult> RunAsync(TrainingSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }

        var baseModel = BaseModelLoader.Load(settings.BaseModel, settings.Seed);
        if (settings.MaxLength > baseModel.Config.MaxSequenceLength)
        {
            throw new ArgumentException(
                $"--max-length {settings.MaxLength} is longer than the base model's {baseModel.Config.MaxSequenceLength} positions.");
        }

        var data = TrainingDataReader.Read(settings.DataPath, settings.IdFilter, settings.Seed);
        if (data.Examples.Count == 0)
        {
            throw new InvalidDataException($"No training examples in {settings.DataPath} after the id filter; check --data, --id-modulo and --exclude-remainder.");
        }

        Directory.CreateDirectory(settings.OutputDirectory);
        foreach (var (name, contents) in baseModel.TokenizerFiles)
        {
            await File.WriteAllBytesAsync(Path.Combine(settings.OutputDirectory, name), contents, cancellationToken);
        }

        var tokenizer = PairEncoders.FromDirectory(settings.OutputDirectory);
        var hidden = baseModel.Config.Hidden;
        progress.WriteLine(
            $"Training the head of {baseModel.Name} ({baseModel.Config.Family}, {baseModel.Config.Layers} layers, hidden {hidden}) on frozen features: "
            + $"{data.Examples.Count} examples from {data.RowsUsed} rows ({data.RowsExcluded} excluded), max length {settings.MaxLength}.");

        var featureWatch = Stopwatch.StartNew();
        var features = FeatureCache.LoadOrCompute(
            settings.OutputDirectory,
            FeatureKey(settings, data),
            data.Examples,
            tokenizer,
            settings.MaxLength,
            () => FeatureEncoder.Create(baseModel, settings.OutputDirectory, settings.Threads),
            hidden,
            progress,
            cancellationToken);
        var featureSeconds = featureWatch.Elapsed.TotalSeconds;

        var head = ClassificationHead.FromWeights(baseModel.Weights, hidden);
        var target = settings.TargetExamples ?? (data.Examples.Count * settings.EpochCount);
        var order = ExampleOrder.Create(data.Examples.Count, target, settings.Seed);
        var totalSteps = (target + settings.BatchSize - 1) / settings.BatchSize;
        var schedule = LearningRateSchedule.Create(settings.PeakLearningRate, totalSteps, settings.WarmupRatio);
        progress.WriteLine($"Head training: {target} examples ({(double)target / data.Examples.Count:F1} epochs), {totalSteps} steps of {settings.BatchSize}.");

        var optimizer = new AdamW(head.Parameters, settings.WeightDecay);
        var gradients = head.Parameters.Select(parameter => new float[parameter.Length]).ToArray();
        var activations = new float[hidden];
        var delta = new float[hidden];
        var losses = new List<double>(totalSteps);
        var reporter = new TrainingProgress(progress, totalSteps, startStep: 0);
        var stopwatch = Stopwatch.StartNew();
        for (var step = 0; step < totalSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var gradient in gradients)
            {
                Array.Clear(gradient);
            }

            var start = step * settings.BatchSize;
            var count = Math.Min(settings.BatchSize, target - start);
            var scale = 1f / count;
            var lossSum = 0.0;
            for (var i = start; i < start + count; i++)
            {
                var index = order[i];
                lossSum += head.AccumulateGradient(
                    features.AsSpan(index * hidden, hidden), data.Examples[index].Label, scale, gradients, activations, delta);
            }

            var learningRate = schedule.At(step);
            optimizer.Step(gradients, learningRate);
            losses.Add(lossSum / count);
            reporter.Report(step, losses[^1], learningRate, count);
        }

        var elapsed = stopwatch.Elapsed.TotalSeconds;
        TrainedModelWriter.Write(baseModel.Config, head.WriteInto(baseModel.Weights), baseModel.TokenizerFiles, settings.OutputDirectory);
        var difference = await CompareWithOnnxAsync(head, features, data.Examples, settings, cancellationToken);
        var result = new TrainingResult(losses, elapsed, target, "cpu", difference);

        HeadTrainingRecord.Write(
            Path.Combine(settings.OutputDirectory, "training.json"), settings, baseModel, data, schedule, result, featureSeconds);
        LossChart.Save(losses, $"Head training loss: {Path.GetFileName(Path.GetFullPath(settings.OutputDirectory))}", Path.Combine(settings.OutputDirectory, "loss.png"));
        return result;
    }

    // The features depend on the data (and the seed, which draws reference negatives), the base and the tokenization.
    // NOTE: a base directory is keyed by its path only, so after its weights change, delete OUT/features.bin.
    private static string FeatureKey(TrainingSettings settings, TrainingData data)
    {
        var baseName = string.Equals(settings.BaseModel, BaseModelLoader.EmbeddedBase, StringComparison.OrdinalIgnoreCase)
            ? BaseModelLoader.EmbeddedBase
            : Path.GetFullPath(settings.BaseModel);
        var text = string.Join('|', data.Sha256, baseName, settings.IdFilter?.ToString() ?? "none", settings.MaxLength, settings.Seed, data.Examples.Count);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static async Task<double> CompareWithOnnxAsync(
        ClassificationHead head, float[] features, IReadOnlyList<TrainingExample> examples, TrainingSettings settings, CancellationToken cancellationToken)
    {
        using var scorer = ScorerFactory.Create(
            new ScorerOptions { ModelDirectory = settings.OutputDirectory, ExecutionProvider = "cpu", MaxLength = settings.MaxLength },
            NullLoggerFactory.Instance);
        var activations = new float[head.Hidden];
        var difference = 0.0;
        for (var i = 0; i < Math.Min(ExportCheckExamples, examples.Count); i++)
        {
            var scores = await scorer.ScoreAsync(examples[i].Instruction, [examples[i].Response], cancellationToken);
            var expected = head.Forward(features.AsSpan(i * head.Hidden, head.Hidden), activations);
            difference = Math.Max(difference, Math.Abs(scores[0] - expected));
        }

        return difference;
    }
}
