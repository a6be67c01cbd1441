using Cappy.Scorer.Batching;
using Cappy.Scorer.Tokenization;
using Xunit;

namespace Cappy.Scorer.Tests.Batching;

public sealed class BatchPackerTests
{
    private static EncodedInput Row(int length) => new(new int[length], null);

    [Fact]
    public void Pack_SortsLongestFirst()
    {
        var rows = new[] { Row(5), Row(50), Row(20), Row(50) };

        var batches = BatchPacker.Pack(rows, maxBatchTokens: 10_000, maxBatchRows: 10);

        var batch = Assert.Single(batches);
        Assert.Equal([1, 3, 2, 0], batch);
    }

    [Fact]
    public void Pack_KeepsPaddedTokensUnderLimit()
    {
        var rows = new[] { Row(100), Row(90), Row(80), Row(10), Row(10), Row(10) };

        var batches = BatchPacker.Pack(rows, maxBatchTokens: 250, maxBatchRows: 10);

        // 2 × 100 ≤ 250 but 3 × 100 > 250; then 80 × 3 = 240 fits 80, 10 and 10; the last 10 starts a batch.
        Assert.Equal(3, batches.Count);
        Assert.Equal([0, 1], batches[0]);
        Assert.Equal([2, 3, 4], batches[1]);
        Assert.Equal([5], batches[2]);
        Assert.All(batches, batch => Assert.True(batch.Count * batch.Max(index => rows[index].Length) <= 250));
    }

    [Fact]
    public void Pack_KeepsRowCountUnderLimit()
    {
        var rows = Enumerable.Range(0, 7).Select(_ => Row(4)).ToArray();

        var batches = BatchPacker.Pack(rows, maxBatchTokens: 10_000, maxBatchRows: 3);

        Assert.Equal([3, 3, 1], batches.Select(batch => batch.Count));
    }

    [Fact]
    public void Pack_OversizedRow_RunsAlone()
    {
        var rows = new[] { Row(600), Row(8) };

        var batches = BatchPacker.Pack(rows, maxBatchTokens: 512, maxBatchRows: 10);

        Assert.Equal(2, batches.Count);
        Assert.Equal([0], batches[0]);
        Assert.Equal([1], batches[1]);
    }

    [Fact]
    public void Pack_EveryRowOnce()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 200).Select(_ => Row(random.Next(1, 513))).ToArray();

        var batches = BatchPacker.Pack(rows, maxBatchTokens: 4096, maxBatchRows: 16);

        Assert.Equal(Enumerable.Range(0, 200), batches.SelectMany(batch => batch).Order());
    }
}
