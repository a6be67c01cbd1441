using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cappy.Proxy.Training;

/// <summary>Writes <c>training.json</c> beside the trained model: the settings, the data and what the run measured.</summary>
internal static class TrainingRecord
{
    /// <summary>The serializer settings of every <c>training.json</c>: indented, snake_case keys, nulls kept.</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void Write(
        string path, TrainingSettings settings, BaseModel baseModel, TrainingData data, LearningRateSchedule schedule, TrainingResult result)
    {
        var record = new
        {
            Mode = "full",
            BaseModel = baseModel.Name,
            Family = baseModel.Config.Family.ToString(),
            InitializedTensors = baseModel.InitializedTensors,
            Data = DescribeData(settings, data),
            Settings = new
            {
                Loss = "mean squared error of logits[0] against the label",
                Optimizer = "AdamW (beta1 0.9, beta2 0.999, eps 1e-8)",
                LearningRate = settings.PeakLearningRate,
                Schedule = "linear warm-up, then linear decay to 0",
                settings.WarmupRatio,
                schedule.WarmupSteps,
                settings.WeightDecay,
                settings.BatchSize,
                settings.MicroBatchSize,
                TargetExamples = result.ExamplesSeen,
                OptimizerSteps = schedule.TotalSteps,
                settings.MaxLength,
                settings.Seed,
                Dropout = CrossEncoderNetwork.DropoutProbability,
            },
            Result = new
            {
                result.Device,
                Threads = TorchSharp.torch.get_num_threads(),
                LogicalProcessors = Environment.ProcessorCount,
                result.ElapsedSeconds,
                ExamplesPerSecond = result.ExamplesSeen / Math.Max(result.ElapsedSeconds, 1e-9),
                FirstLoss = result.Losses.Count > 0 ? result.Losses[0] : (double?)null,
                LastLoss = result.Losses.Count > 0 ? result.Losses[^1] : (double?)null,
                result.Losses,
                result.OnnxMaxDifference,
                FinishedUtc = DateTime.UtcNow.ToString("O"),
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(record, JsonOptions));
    }

    /// <summary>Describes the training data of a run for <c>training.json</c>: its file, hash, filter and counts.</summary>
    internal static object DescribeData(TrainingSettings settings, TrainingData data) => new
    {
        Path = Path.GetFullPath(settings.DataPath),
        Sha256 = data.Sha256,
        IdFilter = settings.IdFilter?.ToString(),
        RowsUsed = data.RowsUsed,
        RowsExcluded = data.RowsExcluded,
        Examples = data.Examples.Count,
        ReferenceExamples = data.ReferenceExamples,
    };
}
