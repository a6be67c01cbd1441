using Cappy.Scorer;

namespace Cappy.Proxy.Eval;

/// <summary>
/// Scores many examples concurrently through one scorer, so that its batching loop packs rows of several
/// examples into each batch.
/// </summary>
internal static class EvalScoring
{
    /// <summary>
    /// Scores every (instruction, response) pair of each example and returns the scores per example, in pair
    /// order. Consecutive pairs with the same instruction go to the scorer in one call. Examples in flight hold
    /// about two batches of rows (<paramref name="maxBatchRows"/> each), so that one batch fills while the other
    /// runs and examples finish at a steady pace. They never hold more than <paramref name="maxQueueRows"/>, so
    /// the scorer does not reject them as overloaded.
    /// </summary>
    public static async Task<float[][]> ScoreAllAsync(
        IScorer scorer,
        IReadOnlyList<IReadOnlyList<(string Instruction, string Response)>> examples,
        int maxBatchRows,
        int maxQueueRows,
        EvalProgress progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(progress);
        var results = new float[examples.Count][];
        var largestExample = examples.Count == 0 ? 1 : Math.Max(1, examples.Max(pairs => pairs.Count));
        var parallelism = Math.Max(1, Math.Min(2 * maxBatchRows, maxQueueRows) / largestExample);
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
