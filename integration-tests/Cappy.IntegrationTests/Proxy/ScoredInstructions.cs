using Cappy.IntegrationTests.Simulator;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>
/// The first 20 instructions of the AlpacaEval candidate file with their 8 real outputs, each scored by the
/// <c>score</c> command in a separate process: the expectation the proxy's pick is checked against.
/// </summary>
internal sealed record ScoredInstruction(string Instruction, IReadOnlyList<string> Outputs, IReadOnlyList<float> Scores)
{
    public const int Count = 20;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyList<ScoredInstruction>? _cached;

    /// <summary>Outputs from the highest independent score to the lowest (ties keep file order).</summary>
    public IReadOnlyList<string> Ranked =>
        Enumerable.Range(0, Outputs.Count).OrderByDescending(i => Scores[i]).ThenBy(i => i).Select(i => Outputs[i]).ToArray();

    public string Best => Ranked[0];

    public static async Task<IReadOnlyList<ScoredInstruction>> LoadAsync()
    {
        var path = CandidateData.RequirePath();
        await Gate.WaitAsync();
        try
        {
            if (_cached is null)
            {
                var records = CandidateData.ReadFirst(path, Count);
                var pairs = records.SelectMany(record => record.Outputs.Select(output => (record.Instruction, output))).ToArray();
                var scores = await ProxyExecutable.ScoreAsync(pairs);
                var offset = 0;
                var scored = new List<ScoredInstruction>();
                foreach (var (instruction, outputs) in records)
                {
                    scored.Add(new ScoredInstruction(instruction, outputs, scores[offset..(offset + outputs.Count)]));
                    offset += outputs.Count;
                }

                _cached = scored;
            }

            return _cached;
        }
        finally
        {
            Gate.Release();
        }
    }
}
