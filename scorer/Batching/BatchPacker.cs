using Cappy.Scorer.Tokenization;

namespace Cappy.Scorer.Batching;

/// <summary>
/// Packs rows into inference batches: longest first, so rows of similar length share a batch and padding stays
/// small; each batch within a row limit and a padded-token limit (rows × longest row).
/// </summary>
internal static class BatchPacker
{
    /// <summary>
    /// Returns batches as lists of indexes into <paramref name="rows"/>. A row longer than
    /// <paramref name="maxBatchTokens"/> gets a batch of its own.
    /// </summary>
    public static List<List<int>> Pack(IReadOnlyList<EncodedInput> rows, int maxBatchTokens, int maxBatchRows)
    {
        var order = Enumerable.Range(0, rows.Count).OrderByDescending(i => rows[i].Length).ThenBy(i => i).ToArray();
        var batches = new List<List<int>>();
        var start = 0;
        while (start < order.Length)
        {
            // Sorted longest first, so the first row of a batch sets its padded length.
            var longest = Math.Max(rows[order[start]].Length, 1);
            var batch = new List<int> { order[start] };
            var next = start + 1;
            while (next < order.Length && batch.Count < maxBatchRows && (long)(batch.Count + 1) * longest <= maxBatchTokens)
            {
                batch.Add(order[next]);
                next++;
            }

            batches.Add(batch);
            start = next;
        }

        return batches;
    }
}
