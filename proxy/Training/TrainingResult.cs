namespace Cappy.Proxy.Training;

/// <summary>What a finished run measured.</summary>
/// <param name="Losses">Mean squared error of each optimizer step, resumed steps included.</param>
/// <param name="ElapsedSeconds">Training time, resumed runs' time included; loading and export not counted.</param>
/// <param name="ExamplesSeen">Examples in the epoch: the target count.</param>
/// <param name="Device">The TorchSharp device trained on.</param>
/// <param name="OnnxMaxDifference">
/// Largest difference between the written ONNX model's scores and the network's, on the first examples of the data.
/// </param>
internal sealed record TrainingResult(
    IReadOnlyList<double> Losses,
    double ElapsedSeconds,
    int ExamplesSeen,
    string Device,
    double OnnxMaxDifference);
