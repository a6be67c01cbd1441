using ScottPlot;

namespace Cappy.Proxy.Training;

/// <summary>Draws the training loss per optimizer step as a PNG, with a moving average over 10 steps.</summary>
internal static class LossChart
{
    private const int Window = 10;

    public static void Save(IReadOnlyList<double> losses, string title, string path)
    {
        var plot = new Plot();
        var steps = Enumerable.Range(1, losses.Count).Select(step => (double)step).ToArray();
        var raw = plot.Add.Scatter(steps, losses.ToArray());
        raw.LegendText = "loss per step (MSE)";
        raw.MarkerSize = 3;

        if (losses.Count >= Window)
        {
            var averages = new double[losses.Count - Window + 1];
            for (var i = 0; i < averages.Length; i++)
            {
                averages[i] = losses.Skip(i).Take(Window).Average();
            }

            var smoothed = plot.Add.Scatter(steps.Skip(Window - 1).ToArray(), averages);
            smoothed.LegendText = $"mean of the last {Window} steps";
            smoothed.MarkerSize = 0;
            smoothed.LineWidth = 2;
        }

        plot.Title(title);
        plot.XLabel("optimizer step");
        plot.YLabel("mean squared error");
        plot.ShowLegend();
        plot.SavePng(path, 900, 500);
    }
}
