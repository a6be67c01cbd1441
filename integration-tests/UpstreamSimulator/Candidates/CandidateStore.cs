using System.Text.Json;

namespace Cappy.UpstreamSimulator.Candidates;

/// <summary>Stored outputs by exact instruction text, each with its own read cursor.</summary>
internal sealed class CandidateStore
{
    private readonly Dictionary<string, InstructionCursor> _cursors;

    private CandidateStore(Dictionary<string, InstructionCursor> cursors)
    {
        _cursors = cursors;
    }

    public static CandidateStore Empty { get; } = new(new Dictionary<string, InstructionCursor>(StringComparer.Ordinal));

    public int InstructionCount => _cursors.Count;

    /// <summary>
    /// Loads a JSON Lines candidates file. Blank lines are skipped; a line that is not a record with an
    /// instruction and at least one candidate output raises <see cref="InvalidDataException"/> naming the line.
    /// A repeated instruction adds its outputs after the earlier ones.
    /// </summary>
    public static CandidateStore Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        var outputsByInstruction = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var record = ParseLine(path, lineNumber, line);
            if (!outputsByInstruction.TryGetValue(record.Instruction!, out var outputs))
            {
                outputs = [];
                outputsByInstruction.Add(record.Instruction!, outputs);
            }

            outputs.AddRange(record.Candidates!.Select(candidate => candidate.Output!));
        }

        var cursors = outputsByInstruction.ToDictionary(
            pair => pair.Key,
            pair => new InstructionCursor(pair.Value),
            StringComparer.Ordinal);
        return new CandidateStore(cursors);
    }

    /// <summary>Takes the next <paramref name="count"/> outputs for an instruction; false when it is not stored.</summary>
    public bool TryTake(string instruction, int count, out IReadOnlyList<string> outputs)
    {
        if (_cursors.TryGetValue(instruction, out var cursor))
        {
            outputs = cursor.Take(count);
            return true;
        }

        outputs = [];
        return false;
    }

    /// <summary>Moves every cursor back to the first output.</summary>
    public void Reset()
    {
        foreach (var cursor in _cursors.Values)
        {
            cursor.Reset();
        }
    }

    private static CandidateRecord ParseLine(string path, int lineNumber, string line)
    {
        CandidateRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<CandidateRecord>(line);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: invalid JSON: {exception.Message}", exception);
        }

        if (record?.Instruction is null)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: missing string field 'instruction'.");
        }

        if (record.Candidates is null || record.Candidates.Count == 0)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: 'candidates' is missing or empty.");
        }

        if (record.Candidates.Any(candidate => candidate?.Output is null))
        {
            throw new InvalidDataException($"{path}:{lineNumber}: a candidate has no string field 'output'.");
        }

        return record;
    }
}
