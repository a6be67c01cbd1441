using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Cappy.Proxy.Training;

/// <summary>
/// Fine-tunes a cross-encoder on (instruction, response, label) examples and writes it as a model directory: MSE
/// between <c>logits[0]</c> and the label, AdamW, a linear schedule with warm-up, gradient accumulation, one epoch.
/// </summary>
internal static class ScorerTrainer
{
    /// <summary>Examples whose ONNX and TorchSharp scores are compared after export.</summary>
    private const int ExportCheckExamples = 16;

    /// <summary>Runs the training that <paramref name="settings"/> describes, writing progress lines to <paramref name="progress"/>.</summary>
    /// <exception cref="InvalidDataException">The data, base model or checkpoint is invalid, or LibTorch failed to load.</exception>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public static async Task<TrainingResult> RunAsync(TrainingSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }

        if (TorchRuntime.TryLoad() is { } loadError)
        {
            throw new InvalidDataException(loadError);
        }

        if (settings.Threads > 0)
        {
            set_num_threads(settings.Threads);
        }

        var device = TorchRuntime.SelectDevice(settings.Device);
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

        var target = settings.TargetExamples ?? (data.Examples.Count * settings.EpochCount);
        var order = ExampleOrder.Create(data.Examples.Count, target, settings.Seed);
        var totalSteps = (target + settings.BatchSize - 1) / settings.BatchSize;
        var schedule = LearningRateSchedule.Create(settings.PeakLearningRate, totalSteps, settings.WarmupRatio);
        progress.WriteLine(
            $"Training {baseModel.Name} ({baseModel.Config.Family}, {baseModel.Config.Layers} layers, hidden {baseModel.Config.Hidden}) on {device.type}: "
            + $"{data.Examples.Count} examples from {data.RowsUsed} rows ({data.RowsExcluded} excluded), {target} in the epoch, {totalSteps} steps of {settings.BatchSize}.");

        // The tokenizer files go into the output first: the trained model needs them, and the encoder is read from them.
        Directory.CreateDirectory(settings.OutputDirectory);
        foreach (var (name, contents) in baseModel.TokenizerFiles)
        {
            await File.WriteAllBytesAsync(Path.Combine(settings.OutputDirectory, name), contents, cancellationToken);
        }

        var encoder = PairEncoders.FromDirectory(settings.OutputDirectory);

        manual_seed(settings.Seed);
        using var network = new CrossEncoderNetwork(baseModel.Config);
        NetworkWeights.Load(network, baseModel.Weights);
        network.to(device);
        network.train();
        using var optimizer = optim.AdamW(
            network.parameters(), lr: settings.PeakLearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: settings.WeightDecay);

        var fingerprint = Fingerprint(settings, data, target);
        var losses = new List<double>();
        var startStep = 0;
        var elapsedBefore = 0.0;
        if (settings.Resume && TrainingCheckpoint.Load(settings.OutputDirectory, fingerprint, network, optimizer) is { } checkpoint)
        {
            startStep = checkpoint.StepsDone;
            losses.AddRange(checkpoint.Losses);
            elapsedBefore = checkpoint.ElapsedSeconds;
            progress.WriteLine($"Resuming after step {startStep} from {TrainingCheckpoint.PathIn(settings.OutputDirectory)}.");
        }

        var stopwatch = Stopwatch.StartNew();
        var reporter = new TrainingProgress(progress, totalSteps, startStep);
        for (var step = startStep; step < totalSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            manual_seed(settings.Seed + step);
            var learningRate = schedule.At(step);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            var batch = order.Skip(step * settings.BatchSize).Take(settings.BatchSize).Select(index => data.Examples[index]).ToList();
            var loss = RunStep(network, optimizer, encoder, batch, settings, device);
            losses.Add(loss);
            reporter.Report(step, loss, learningRate, batch.Count);

            var done = step + 1;
            if (settings.CheckpointEvery > 0 && done % settings.CheckpointEvery == 0 && done < totalSteps)
            {
                new TrainingCheckpoint
                {
                    StepsDone = done,
                    Losses = losses,
                    ElapsedSeconds = elapsedBefore + stopwatch.Elapsed.TotalSeconds,
                    Fingerprint = fingerprint,
                }.Save(settings.OutputDirectory, network, optimizer);
            }
        }

        var elapsed = elapsedBefore + stopwatch.Elapsed.TotalSeconds;
        network.eval();
        TrainedModelWriter.Write(network, baseModel.TokenizerFiles, settings.OutputDirectory);
        var difference = await CompareWithOnnxAsync(network, encoder, data.Examples, settings, device, cancellationToken);
        var result = new TrainingResult(losses, elapsed, target, device.ToString(), difference);

        TrainingRecord.Write(Path.Combine(settings.OutputDirectory, "training.json"), settings, baseModel, data, schedule, result);
        LossChart.Save(losses, $"Training loss: {Path.GetFileName(Path.GetFullPath(settings.OutputDirectory))}", Path.Combine(settings.OutputDirectory, "loss.png"));
        TrainingCheckpoint.Delete(settings.OutputDirectory);
        return result;
    }

    // One optimizer step over up to BatchSize examples: rows are sorted by length so that micro-batches pad little,
    // and each micro-batch adds its share of the step's mean squared error to the gradients.
    private static double RunStep(
        CrossEncoderNetwork network,
        TorchSharp.Modules.AdamW optimizer,
        IPairEncoder encoder,
        List<TrainingExample> batch,
        TrainingSettings settings,
        Device device)
    {
        var rows = batch
            .Select(example => (Encoded: encoder.EncodePair(example.Instruction, example.Response, settings.MaxLength), example.Label))
            .OrderBy(row => row.Encoded.Length)
            .ToList();

        optimizer.zero_grad();
        var lossSum = 0.0;
        for (var start = 0; start < rows.Count; start += settings.MicroBatchSize)
        {
            using var scope = NewDisposeScope();
            var micro = rows.Skip(start).Take(settings.MicroBatchSize).ToList();
            var tokens = TokenBatch.Create(micro.Select(row => row.Encoded).ToList(), encoder.PadTokenId);
            var labels = tensor(micro.Select(row => row.Label).ToArray(), device: device);
            var logits = network.forward(tokens.InputIdsTensor(device), tokens.AttentionMaskTensor(device), tokens.TokenTypeIdsTensor(device));
            var loss = logits.select(1, 0).sub(labels).square().sum().div(rows.Count);
            loss.backward();
            lossSum += loss.item<float>();
        }

        optimizer.step();
        return lossSum;
    }

    private static async Task<double> CompareWithOnnxAsync(
        CrossEncoderNetwork network,
        IPairEncoder encoder,
        IReadOnlyList<TrainingExample> examples,
        TrainingSettings settings,
        Device device,
        CancellationToken cancellationToken)
    {
        var pairs = examples.Take(ExportCheckExamples).Select(example => (example.Instruction, example.Response)).ToList();
        var expected = NetworkScores.Score(network, encoder, pairs, settings.MaxLength, device);

        using var scorer = ScorerFactory.Create(
            new ScorerOptions { ModelDirectory = settings.OutputDirectory, ExecutionProvider = "cpu", MaxLength = settings.MaxLength },
            NullLoggerFactory.Instance);
        var difference = 0.0;
        for (var i = 0; i < pairs.Count; i++)
        {
            var scores = await scorer.ScoreAsync(pairs[i].Instruction, [pairs[i].Response], cancellationToken);
            difference = Math.Max(difference, Math.Abs(scores[0] - expected[i]));
        }

        return difference;
    }

    private static string Fingerprint(TrainingSettings settings, TrainingData data, int target)
    {
        var text = string.Join(
            '|',
            data.Sha256,
            settings.BaseModel,
            settings.IdFilter?.ToString() ?? "none",
            target,
            settings.BatchSize,
            settings.MaxLength,
            settings.Seed,
            settings.PeakLearningRate,
            settings.WarmupRatio,
            settings.WeightDecay);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
