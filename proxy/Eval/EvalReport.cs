using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cappy.Proxy.Eval;

/// <summary>
/// The result of one evaluation: a mean value per strategy, in display order, and for multiple choice the scorer's
/// value per dataset. <c>Metric</c> names what the values measure (e.g. "mean win_prob") for the table header and
/// the chart's axis; <c>Examples</c> counts the evaluated examples.
/// </summary>
internal sealed record EvalReport(string Title, string Metric, IReadOnlyList<KeyValuePair<string, double>> Strategies, int Examples)
{
    /// <summary>The scorer's value per dataset; empty for evaluations that do not split by dataset.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Datasets { get; init; } = [];

    /// <summary>
    /// Returns <c>{"strategies": {NAME: VALUE, ...}, "examples": N}</c>, indented, with a <c>"datasets"</c> object
    /// of the same shape when <see cref="Datasets"/> is not empty.
    /// </summary>
    public string ToJson()
    {
        var root = new JsonObject { ["strategies"] = ToObject(Strategies), ["examples"] = Examples };
        if (Datasets.Count > 0)
        {
            root["datasets"] = ToObject(Datasets);
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Returns a Markdown table of the values with 4 decimals, and a second table of the datasets if any.</summary>
    public string ToMarkdown()
    {
        var table = new StringBuilder();
        AppendTable(table, "strategy", Strategies);
        if (Datasets.Count > 0)
        {
            table.Append('\n');
            AppendTable(table, "dataset (scorer)", Datasets);
        }

        return table.ToString();
    }

    private void AppendTable(StringBuilder table, string header, IReadOnlyList<KeyValuePair<string, double>> rows)
    {
        table.Append(CultureInfo.InvariantCulture, $"| {header} | {Metric} |\n|---|---:|\n");
        foreach (var (name, value) in rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {value:F4} |\n");
        }
    }

    private static JsonObject ToObject(IReadOnlyList<KeyValuePair<string, double>> values)
    {
        var json = new JsonObject();
        foreach (var (name, value) in values)
        {
            json[name] = value;
        }

        return json;
    }
}
