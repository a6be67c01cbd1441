using System.Security.Cryptography;
using System.Text.Json;

namespace Cappy.Proxy.Training;

/// <summary>
/// Reads training examples from JSON Lines in one of two shapes, which may be mixed:
/// <c>{"instruction", "response", "label"}</c>, one example a line, and judged answers
/// <c>{"id", "instruction", "answers": [{"output", "win_prob"}]}</c> (or <c>candidates</c> in place of
/// <c>answers</c>), one example per answer with <c>win_prob</c> as its label.
/// </summary>
/// <remarks>
/// A line may carry <c>references</c>, a string or an array of strings. Each reference becomes an example with
/// label 1, and for each one the reference of a randomly chosen other line becomes an example with label 0.
/// </remarks>
internal static class TrainingDataReader
{
    /// <summary>Reads <paramref name="path"/>, skipping the lines that <paramref name="filter"/> excludes.</summary>
    /// <exception cref="InvalidDataException">A line is not valid JSON or lacks a field; the message names the line.</exception>
    public static TrainingData Read(string path, IdFilter? filter, int seed)
    {
        var bytes = File.ReadAllBytes(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var examples = new List<TrainingExample>();
        var references = new List<(string Instruction, List<string> References)>();
        var used = 0;
        var excluded = 0;
        var lineNumber = 0;
        using var reader = new StreamReader(new MemoryStream(bytes));
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var row = document.RootElement;
                if (filter is not null && !filter.Includes(ReadId(row)))
                {
                    excluded++;
                    continue;
                }

                var instruction = RequireString(row, "instruction");
                ReadRow(row, instruction, examples);
                var rowReferences = ReadReferences(row);
                if (rowReferences.Count > 0)
                {
                    references.Add((instruction, rowReferences));
                }

                used++;
            }
            catch (Exception exception) when (exception is JsonException or InvalidDataException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path} line {lineNumber}: {exception.Message}", exception);
            }
        }

        var referenceExamples = AddReferenceExamples(references, examples, seed);
        return new TrainingData(examples, used, excluded, referenceExamples, sha256);
    }

    private static void ReadRow(JsonElement row, string instruction, List<TrainingExample> examples)
    {
        var answers = row.TryGetProperty("answers", out var found) || row.TryGetProperty("candidates", out found)
            ? found
            : default;
        if (answers.ValueKind == JsonValueKind.Array)
        {
            foreach (var answer in answers.EnumerateArray())
            {
                examples.Add(new TrainingExample(instruction, RequireString(answer, "output"), ReadLabel(answer, "win_prob")));
            }

            return;
        }

        if (row.TryGetProperty("response", out _))
        {
            examples.Add(new TrainingExample(instruction, RequireString(row, "response"), ReadLabel(row, "label")));
            return;
        }

        if (!row.TryGetProperty("references", out _))
        {
            throw new InvalidDataException(
                "expected 'response' and 'label', an 'answers' array of {\"output\", \"win_prob\"}, or 'references'.");
        }
    }

    private static int AddReferenceExamples(
        List<(string Instruction, List<string> References)> rows, List<TrainingExample> examples, int seed)
    {
        var random = new Random(seed);
        var count = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var reference in rows[i].References)
            {
                examples.Add(new TrainingExample(rows[i].Instruction, reference, 1f));
                count++;
                if (rows.Count < 2)
                {
                    continue;
                }

                // Any row but this one: draw from n - 1 indices and skip over i.
                var other = random.Next(rows.Count - 1);
                if (other >= i)
                {
                    other++;
                }

                var otherReferences = rows[other].References;
                examples.Add(new TrainingExample(rows[i].Instruction, otherReferences[random.Next(otherReferences.Count)], 0f));
                count++;
            }
        }

        return count;
    }

    private static List<string> ReadReferences(JsonElement row)
    {
        if (!row.TryGetProperty("references", out var references))
        {
            return [];
        }

        return references.ValueKind switch
        {
            JsonValueKind.String => [references.GetString()!],
            JsonValueKind.Array => references.EnumerateArray().Select(reference => reference.GetString()
                ?? throw new InvalidDataException("'references' must hold strings.")).ToList(),
            JsonValueKind.Null => [],
            _ => throw new InvalidDataException("'references' must be a string or an array of strings."),
        };
    }

    private static long ReadId(JsonElement row)
    {
        if (!row.TryGetProperty("id", out var id) || !id.TryGetInt64(out var value))
        {
            throw new InvalidDataException("the id filter needs an integer 'id' on every line.");
        }

        return value;
    }

    private static string RequireString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"'{name}' is missing or not a string.");
        }

        return value.GetString()!;
    }

    private static float ReadLabel(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || !value.TryGetDouble(out var label))
        {
            throw new InvalidDataException($"'{name}' is missing or not a number.");
        }

        if (label is < 0 or > 1 || double.IsNaN(label))
        {
            throw new InvalidDataException($"'{name}' must be between 0 and 1, got {label}.");
        }

        return (float)label;
    }
}
