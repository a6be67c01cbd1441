using System.Text.Json;

namespace Cappy.Proxy.Training;

/// <summary>Writes <c>training.json</c> for a head-only run: the settings, the data, the features and what the run measured.</summary>
internal static class HeadTrainingRecord
{
    public static void Write(
        string path,
        TrainingSettings settings,
        BaseModel baseModel,
        TrainingData data,
        LearningRateSchedule schedule,
        TrainingResult result,
        double featureSeconds)
    {
        var record = new
        {
            Mode = "head",
            BaseModel = baseModel.Name,
            Family = baseModel.Config.Family.ToString(),
            InitializedTensors = baseModel.InitializedTensors,
            Data = TrainingRecord.DescribeData(settings, data),
            Features = new
            {
                Count = data.Examples.Count,
                Size = baseModel.Config.Hidden,
                Source = "first token's final hidden state of the frozen encoder (ONNX Runtime)",
                settings.MaxLength,
                Cache = FeatureCache.FileName,
                Seconds = featureSeconds,
            },
            Settings = new
            {
                Trained = "classification head only: dense, tanh, projection to one logit",
                Loss = "mean squared error of logits[0] against the label",
                Optimizer = "AdamW (beta1 0.9, beta2 0.999, eps 1e-8)",
                LearningRate = settings.PeakLearningRate,
                Schedule = "linear warm-up, then linear decay to 0",
                settings.WarmupRatio,
                schedule.WarmupSteps,
                settings.WeightDecay,
                settings.BatchSize,
                Epochs = (double)result.ExamplesSeen / data.Examples.Count,
                TargetExamples = result.ExamplesSeen,
                OptimizerSteps = schedule.TotalSteps,
                settings.Seed,
                Dropout = 0.0,
            },
            Result = new
            {
                result.Device,
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
        File.WriteAllText(path, JsonSerializer.Serialize(record, TrainingRecord.JsonOptions));
    }
}
