using System.Diagnostics;
using System.Globalization;

namespace Cappy.Proxy.Training;

/// <summary>Writes one line per optimizer step: step, loss, examples per second and the estimated time left.</summary>
internal sealed class TrainingProgress(TextWriter writer, int totalSteps, int startStep)
{
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();
    private int examplesSinceStart;

    public void Report(int step, double loss, double learningRate, int examples)
    {
        examplesSinceStart += examples;
        var stepsSinceStart = step + 1 - startStep;
        var elapsed = stopwatch.Elapsed;
        var left = TimeSpan.FromSeconds(elapsed.TotalSeconds / stepsSinceStart * (totalSteps - step - 1));
        var rate = examplesSinceStart / Math.Max(elapsed.TotalSeconds, 1e-9);
        writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"step {step + 1}/{totalSteps}  loss {loss:F5}  lr {learningRate:E2}  {rate:F1} examples/s  elapsed {elapsed:hh\\:mm\\:ss}  left {left:hh\\:mm\\:ss}"));
        writer.Flush();
    }
}
