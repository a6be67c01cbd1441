using System.Text.Json;
using Cappy.Testing;

namespace Cappy.Scorer.Tests.Tokenization;

/// <summary>Reads golden tokenizer files (JSON Lines) from the shared data directory.</summary>
internal static class GoldenFile
{
    /// <summary>The lines of a shared JSON Lines file as records, with their 1-based line numbers; skips the test when the file is absent.</summary>
    public static List<(int LineNumber, T Record)> Read<T>(string relativePath)
    {
        var path = SharedData.RequireFile(relativePath);
        var records = new List<(int LineNumber, T Record)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var record = JsonSerializer.Deserialize<T>(line)
                ?? throw new InvalidDataException($"{path} line {lineNumber}: expected a JSON object, got null");
            records.Add((lineNumber, record));
        }

        return records;
    }

    /// <summary>Describes where two id sequences first differ, for assert messages.</summary>
    public static string DescribeDifference(int[] expected, int[] actual)
    {
        var index = 0;
        while (index < expected.Length && index < actual.Length && expected[index] == actual[index])
        {
            index++;
        }

        var expectedTail = string.Join(',', expected.Skip(index).Take(8));
        var actualTail = string.Join(',', actual.Skip(index).Take(8));
        return $"lengths {expected.Length}/{actual.Length}, first difference at {index}: expected [{expectedTail}] actual [{actualTail}]";
    }
}
