namespace Cappy.UpstreamSimulator.Candidates;

/// <summary>
/// The outputs stored for one instruction and the position where the next request starts reading them.
/// </summary>
internal sealed class InstructionCursor(IReadOnlyList<string> outputs)
{
    private long _next;

    public IReadOnlyList<string> Outputs { get; } = outputs;

    /// <summary>
    /// Takes the next <paramref name="count"/> outputs in file order, wrapping at the end.
    /// Concurrent callers get disjoint runs of positions.
    /// </summary>
    public IReadOnlyList<string> Take(int count)
    {
        var start = Interlocked.Add(ref _next, count) - count;
        var nextOutputs = new string[count];
        for (var i = 0; i < count; i++)
        {
            nextOutputs[i] = Outputs[(int)((start + i) % Outputs.Count)];
        }

        return nextOutputs;
    }

    public void Reset() => Interlocked.Exchange(ref _next, 0);
}
