using Cappy.Proxy.Reranking;
using Xunit;

namespace Cappy.Proxy.Tests.Reranking;

public sealed class RankingTests
{
    private static readonly bool[] AllComplete = [true, true, true, true];

    [Fact]
    public void Order_HighestScoreFirst()
    {
        Assert.Equal([2, 0, 1], Ranking.Order([0, 1, 2], AllComplete, [0.5f, -1f, 3f]));
    }

    [Fact]
    public void Order_TiesKeepArrivalOrder()
    {
        Assert.Equal([1, 3, 0, 2], Ranking.Order([0, 1, 2, 3], AllComplete, [0.1f, 0.9f, 0.1f, 0.9f]));
    }

    [Fact]
    public void Order_NaNLast()
    {
        Assert.Equal([1, 2, 0], Ranking.Order([0, 1, 2], AllComplete, [float.NaN, 0.2f, -5f]));
    }

    [Fact]
    public void Order_IncompleteBelowComplete()
    {
        Assert.Equal([3, 1, 0, 2], Ranking.Order([0, 1, 2, 3], [false, true, false, true], [0.9f, 0.1f, 0.8f, 0.2f]));
    }

    [Fact]
    public void Order_WithoutScores_ArrivalOrderCompleteFirst()
    {
        Assert.Equal([1, 2, 0], Ranking.Order([0, 1, 2], [false, true, true], null));
    }

    [Fact]
    public void Order_OnlyEligiblePositions()
    {
        Assert.Equal([3, 1], Ranking.Order([1, 3], AllComplete, [9f, 0.1f, 9f, 0.2f]));
    }
}
