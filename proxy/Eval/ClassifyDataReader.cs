namespace Cappy.Proxy.Eval;

/// <summary>
/// Reads PromptSource multiple-choice lines: one (<c>instruction</c>, <c>response</c>) per line with <c>label</c>
/// (1 for the correct response, else 0), <c>dataset_name</c>, <c>template_name</c> and <c>example_idx</c>. Lines
/// with the same three keys form one example, wherever they are in the file.
/// </summary>
internal static class ClassifyDataReader
{
    /// <exception cref="EvalDataException">A line is invalid or an example has no correct option; the message names it.</exception>
    public static IReadOnlyList<ClassifyExample> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var groups = new Dictionary<(string Dataset, string Template, long Index), List<ClassifyOption>>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var json = EvalJson.ParseObject(line, lineNumber);
            var key = (
                EvalJson.GetString(json, "dataset_name", lineNumber),
                EvalJson.GetString(json, "template_name", lineNumber),
                EvalJson.GetInteger(json, "example_idx", lineNumber));
            var option = new ClassifyOption(
                EvalJson.GetString(json, "instruction", lineNumber),
                EvalJson.GetString(json, "response", lineNumber),
                EvalJson.GetInteger(json, "label", lineNumber) == 1);
            if (!groups.TryGetValue(key, out var options))
            {
                options = [];
                groups.Add(key, options);
            }

            options.Add(option);
        }

        // Dictionary enumeration follows insertion order while nothing is removed, so examples keep file order.
        var examples = groups.Select(group => new ClassifyExample(group.Key.Dataset, group.Key.Template, group.Key.Index, group.Value)).ToArray();
        var unlabelled = examples.FirstOrDefault(example => !example.Options.Any(option => option.IsCorrect));
        if (unlabelled is not null)
        {
            throw new EvalDataException($"example {unlabelled.ExampleIndex} of dataset \"{unlabelled.Dataset}\", template \"{unlabelled.Template}\": no line has label 1.");
        }

        return examples;
    }
}
