using System.Text.Json;
using Cappy.Testing;

namespace Cappy.Scorer.Tests.Inference;

/// <summary>Real instructions and LLM answers from the shared AlpacaEval candidate file.</summary>
internal static class AlpacaTexts
{
    /// <summary>Reads the first <paramref name="count"/> records; skips the test when the file is absent.</summary>
    public static IReadOnlyList<(string Instruction, string[] Answers)> Load(int count)
    {
        var path = SharedData.RequireFile("data/alpaca-candidates.jsonl");
        var records = new List<(string, string[])>();
        foreach (var line in File.ReadLines(path).Where(line => line.Length > 0).Take(count))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var instruction = root.GetProperty("instruction").GetString()!;
            var answers = root.GetProperty("candidates").EnumerateArray()
                .Select(candidate => candidate.GetProperty("output").GetString()!)
                .ToArray();
            records.Add((instruction, answers));
        }

        return records;
    }
}
