using System.Globalization;
using System.Security;
using System.Text;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Draws pairs per second by concurrency as an SVG bar chart: one bar per pipeline phase, and the one-request-per-batch
/// baseline beside the highest concurrency.
/// </summary>
internal static class BenchChart
{
    private const int Width = 640;
    private const int Height = 400;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 50;
    private const int Bottom = 70;

    public static string Render(ScorerBenchResult result)
    {
        var bars = result.Pipeline
            .Select(phase => (Label: Invariant($"{phase.Concurrency} concurrent"), Value: phase.PairsPerSecond, Color: "#3b6ea8"))
            .Append((Label: Invariant($"{result.Sequential.Concurrency}, one request per batch"), Value: result.Sequential.PairsPerSecond, Color: "#a0a0a0"))
            .ToArray();
        var max = bars.Max(bar => bar.Value);
        var scale = max > 0 ? (Height - Top - Bottom) / max : 0;
        var slot = (double)(Width - Left - Right) / bars.Length;

        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(Invariant($"  <rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.AppendLine(Invariant($"  <text x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{Escape($"Scorer pairs/s by concurrent requests: {result.ModelName} on {result.Device}")}</text>"));
        svg.AppendLine(Invariant($"  <line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>"));
        svg.AppendLine(Invariant($"  <line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>"));
        svg.AppendLine(Invariant($"  <text x=\"18\" y=\"{(Top + Height - Bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {(Top + Height - Bottom) / 2})\">pairs/s</text>"));
        for (var i = 0; i < bars.Length; i++)
        {
            var (label, value, color) = bars[i];
            var barHeight = value * scale;
            var x = Left + (i * slot) + (slot * 0.2);
            var y = Height - Bottom - barHeight;
            var center = x + (slot * 0.3);
            svg.AppendLine(Invariant($"  <rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{slot * 0.6:F1}\" height=\"{barHeight:F1}\" fill=\"{color}\"/>"));
            svg.AppendLine(Invariant($"  <text x=\"{center:F1}\" y=\"{y - 6:F1}\" text-anchor=\"middle\">{FormatValue(value)}</text>"));
            svg.AppendLine(Invariant($"  <text x=\"{center:F1}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{Escape(label)}</text>"));
        }

        svg.AppendLine(Invariant($"  <text x=\"{Width / 2}\" y=\"{Height - 20}\" text-anchor=\"middle\" fill=\"#555\">{Escape($"{BenchWorkload.CandidatesPerRequest} candidates per request; {result.Machine.CpuModel}, {result.Machine.LogicalCores} logical cores")}</text>"));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string FormatValue(double value) =>
        value.ToString(value < 10 ? "F2" : "F0", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
