using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cappy.Proxy.Eval;

/// <summary>
/// The result of one evaluation: a mean value per strategy (or dataset), in display order. <c>Metric</c> names what
/// the values measure (e.g. "mean win_prob") for the table header and the chart's axis; <c>Examples</c> counts the
/// evaluated examples.
/// </summary>
internal sealed record EvalReport(string Title, string Metric, IReadOnlyList<KeyValuePair<string, double>> Strategies, int Examples)
{
    /// <summary>Returns <c>{"strategies": {NAME: VALUE, ...}, "examples": N}</c>, indented.</summary>
    public string ToJson()
    {
        var strategies = new JsonObject();
        foreach (var (name, value) in Strategies)
        {
            strategies[name] = value;
        }

        var root = new JsonObject { ["strategies"] = strategies, ["examples"] = Examples };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Returns a Markdown table of the values with 4 decimals.</summary>
    public string ToMarkdown()
    {
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"| strategy | {Metric} |\n|---|---:|\n");
        foreach (var (name, value) in Strategies)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {value:F4} |\n");
        }

        return table.ToString();
    }
}
