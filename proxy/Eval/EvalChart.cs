using ScottPlot;

namespace Cappy.Proxy.Eval;

/// <summary>Draws an evaluation report as a horizontal bar chart in a PNG file, with ScottPlot.</summary>
internal static class EvalChart
{
    private const int Width = 900;

    /// <summary>Height of one bar's row in pixels; the image grows with the number of strategies.</summary>
    private const int RowHeight = 32;

    public static void SavePng(EvalReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new Plot();
        var count = report.Strategies.Count;

        // The first strategy goes on top: positions count down from the top row.
        var bars = report.Strategies
            .Select((pair, index) => new Bar
            {
                Position = count - 1 - index,
                Value = pair.Value,
                Label = pair.Value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
                FillColor = pair.Key == RerankStrategies.Scorer ? Colors.OrangeRed : Colors.SteelBlue,
            })
            .ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 12;

        var ticks = report.Strategies.Select((pair, index) => new Tick(count - 1 - index, pair.Key)).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(left: 0, right: 0.15);
        plot.Title($"{report.Title} ({report.Examples} examples)");
        plot.XLabel(report.Metric);
        plot.SavePng(path, Width, 120 + (RowHeight * count));
    }
}
