using System.Globalization;
using System.Text;

namespace Cappy.IntegrationTests.Observability;

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4) that <c>GET /metrics</c> returns: one sample per
/// line as <c>name{label="value",…} value</c>, with <c>#</c> lines for help and type.
/// </summary>
internal static class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('#'))
            {
                samples.Add(ParseLine(line));
            }
        }

        return samples;
    }

    /// <summary>
    /// Returns the sum of the samples named <paramref name="name"/> that carry every given label, or null when
    /// none does. Labels not given (such as <c>otel_scope_name</c>) may have any value.
    /// </summary>
    public static double? Sum(IReadOnlyList<PrometheusSample> samples, string name, params (string Name, string Value)[] labels)
    {
        var matching = samples
            .Where(sample => sample.Name == name)
            .Where(sample => labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value))
            .ToArray();
        return matching.Length == 0 ? null : matching.Sum(sample => sample.Value);
    }

    private static PrometheusSample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var nameEnd = line.IndexOfAny(['{', ' ']);
        var name = line[..nameEnd];
        var position = nameEnd;
        if (line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var labelName = line[position..equals];
                position = equals + 2;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] == 'n' ? '\n' : line[position]);
                    }
                    else
                    {
                        value.Append(line[position]);
                    }

                    position++;
                }

                labels[labelName] = value.ToString();
                position++;
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        // The value may be followed by a timestamp, which these tests do not need.
        var fields = line[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new PrometheusSample(name, labels, ParseValue(fields[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
