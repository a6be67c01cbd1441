using System.Text.Json;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Reads the benchmark's requests from candidate JSON lines
/// (<c>{"instruction": str, "candidates": [{"output": str}, ...]}</c>), so real answer lengths set the
/// workload's token distribution.
/// </summary>
internal static class BenchWorkload
{
    /// <summary>Candidates file, relative to the shared data directory, used when no --candidates is given.</summary>
    public const string SharedCandidatesFile = "data/alpaca-candidates.jsonl";

    /// <summary>Candidate answers per request, as a proxy route with N = 8 scores them.</summary>
    public const int CandidatesPerRequest = 8;

    /// <summary>
    /// Reads every line of <paramref name="path"/> as one request with its first
    /// <see cref="CandidatesPerRequest"/> outputs.
    /// </summary>
    /// <exception cref="BenchSetupException">The file is missing, or a line is invalid or has too few candidates.</exception>
    public static IReadOnlyList<BenchRequest> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new BenchSetupException($"Candidates file not found: {path}. Pass --candidates FILE with JSON lines {{\"instruction\": ..., \"candidates\": [{{\"output\": ...}}, ...]}}.");
        }

        var requests = new List<BenchRequest>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            requests.Add(Parse(line, path, lineNumber));
        }

        if (requests.Count == 0)
        {
            throw new BenchSetupException($"Candidates file {path} has no requests: expected at least one JSON line.");
        }

        return requests;
    }

    /// <summary>
    /// Returns <paramref name="count"/> requests spread evenly over <paramref name="all"/>, in file order. When
    /// more are needed than the file has, the file is repeated.
    /// </summary>
    public static BenchRequest[] Sample(IReadOnlyList<BenchRequest> all, int count)
    {
        var sample = new BenchRequest[count];
        for (var i = 0; i < count; i++)
        {
            var index = count <= all.Count ? (int)((long)i * all.Count / count) : i % all.Count;
            sample[i] = all[index];
        }

        return sample;
    }

    private static BenchRequest Parse(string line, string path, int lineNumber)
    {
        var location = $"{path} line {lineNumber}";
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("instruction", out var instruction) || instruction.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array)
            {
                throw new BenchSetupException($"{location}: expected a JSON object with a string \"instruction\" and an array \"candidates\".");
            }

            var outputs = new List<string>();
            foreach (var candidate in candidates.EnumerateArray())
            {
                if (candidate.ValueKind != JsonValueKind.Object || !candidate.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.String)
                {
                    throw new BenchSetupException($"{location}: every candidate must be an object with a string \"output\".");
                }

                outputs.Add(output.GetString()!);
            }

            if (outputs.Count < CandidatesPerRequest)
            {
                throw new BenchSetupException($"{location}: has {outputs.Count} candidates, but the benchmark sends {CandidatesPerRequest} per request.");
            }

            return new BenchRequest(instruction.GetString()!, outputs.Take(CandidatesPerRequest).ToArray());
        }
        catch (JsonException exception)
        {
            throw new BenchSetupException($"{location}: invalid JSON: {exception.Message}", exception);
        }
    }
}
