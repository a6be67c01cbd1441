using Cappy.Scorer;

namespace Cappy.Proxy.Eval;

/// <summary>
/// Scores many examples concurrently through one scorer, so that its batching loop packs rows of several
/// examples into each batch.
/// </summary>
internal static class EvalScoring
{
    /// <summary>Upper bound on examples in flight, which keeps memory and queue wait bounded.</summary>
    private const int MaxConcurrentExamples = 64;

    /// <summary>
    /// Scores every (instruction, response) pair of each example and returns the scores per example, in pair
    /// order. Consecutive pairs with the same instruction go to the scorer in one call. Examples in flight are
    /// limited so that their rows fit in <paramref name="maxQueueRows"/> and the scorer never rejects them as
    /// overloaded.
    /// </summary>
    public static async Task<float[][]> ScoreAllAsync(
        IScorer scorer,
        IReadOnlyList<IReadOnlyList<(string Instruction, string Response)>> examples,
        int maxQueueRows,
        EvalProgress progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(progress);
        var results = new float[examples.Count][];
        var largestExample = examples.Count == 0 ? 1 : Math.Max(1, examples.Max(pairs => pairs.Count));
        var parallelism = Math.Clamp(maxQueueRows / largestExample, 1, MaxConcurrentExamples);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, examples.Count), options, async (index, token) =>
        {
            results[index] = await ScoreExampleAsync(scorer, examples[index], token);
            progress.Completed();
        });
        return results;
    }

    private static async Task<float[]> ScoreExampleAsync(IScorer scorer, IReadOnlyList<(string Instruction, string Response)> pairs, CancellationToken cancellationToken)
    {
        var scores = new List<float>(pairs.Count);
        var start = 0;
        while (start < pairs.Count)
        {
            var end = start + 1;
            while (end < pairs.Count && pairs[end].Instruction == pairs[start].Instruction)
            {
                end++;
            }

            var responses = new string[end - start];
            for (var i = start; i < end; i++)
            {
                responses[i - start] = pairs[i].Response;
            }

            scores.AddRange(await scorer.ScoreAsync(pairs[start].Instruction, responses, cancellationToken));
            start = end;
        }

        return [.. scores];
    }
}
