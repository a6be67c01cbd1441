using System.Text.Json;
using Cappy.Testing;

namespace Cappy.IntegrationTests.Simulator;

/// <summary>The shared AlpacaEval candidate file, read independently of the simulator to get expected outputs.</summary>
internal static class CandidateData
{
    public const string RelativePath = "data/alpaca-candidates.jsonl";

    /// <summary>Returns the path of the candidate file; skips the test when it is missing.</summary>
    public static string RequirePath() => SharedData.RequireFile(RelativePath);

    /// <summary>Reads the first <paramref name="count"/> records as (instruction, outputs in file order).</summary>
    public static IReadOnlyList<(string Instruction, IReadOnlyList<string> Outputs)> ReadFirst(string path, int count)
    {
        var records = new List<(string, IReadOnlyList<string>)>();
        foreach (var line in File.ReadLines(path).Where(line => line.Length > 0).Take(count))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var outputs = root.GetProperty("candidates").EnumerateArray()
                .Select(candidate => candidate.GetProperty("output").GetString()!)
                .ToArray();
            records.Add((root.GetProperty("instruction").GetString()!, outputs));
        }

        return records;
    }

    /// <summary>Counts whitespace-separated words, the token unit that the simulator documents for usage.</summary>
    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
