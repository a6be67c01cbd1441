using Cappy.Proxy.Reranking;
using Xunit;

namespace Cappy.Proxy.Tests.Reranking;

public sealed class RankingTests
{
    [Fact]
    public void OrderByScore_HighestFirst()
    {
        Assert.Equal([2, 0, 1], Ranking.OrderByScore([0.5f, -1f, 3f]));
    }

    [Fact]
    public void OrderByScore_TiesKeepArrivalOrder()
    {
        Assert.Equal([1, 3, 0, 2], Ranking.OrderByScore([0.1f, 0.9f, 0.1f, 0.9f]));
    }

    [Fact]
    public void OrderByScore_NaNLast()
    {
        Assert.Equal([1, 2, 0], Ranking.OrderByScore([float.NaN, 0.2f, -5f]));
    }
}
