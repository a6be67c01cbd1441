using Cappy.Proxy.Bench;
using Xunit;

namespace Cappy.IntegrationTests.Bench;

public sealed class TransformerFlopsTests
{
    // RoBERTa-large: 24 layers, hidden 1024, feed-forward 4096.
    private static readonly TransformerFlops RobertaLarge = new(Layers: 24, Hidden: 1024, Intermediate: 4096);

    [Fact]
    public void MatMulParameters_RobertaLarge_About302Million()
    {
        Assert.InRange(RobertaLarge.MatMulParameters, 301_000_000, 303_000_000);
    }

    [Fact]
    public void RowFlops_RobertaLarge512Tokens_About335Billion()
    {
        // The published estimate for one 512-token RoBERTa-large sequence is about 3.35e11 FLOPs.
        Assert.InRange(RobertaLarge.RowFlops(512), 3.33e11, 3.37e11);
    }

    [Fact]
    public void RowFlops_AttentionGrowsWithSquareOfLength()
    {
        var linear = 2.0 * RobertaLarge.MatMulParameters;

        Assert.Equal(4.0 * 24 * 1024 * 100 * 100, RobertaLarge.RowFlops(100) - (linear * 100), precision: 0);
    }
}
