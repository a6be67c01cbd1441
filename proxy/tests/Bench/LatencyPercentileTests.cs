using Cappy.Proxy.Bench;
using Xunit;

namespace Cappy.Proxy.Tests.Bench;

public sealed class LatencyPercentileTests
{
    // Nearest rank: the value at rank ceil(p / 100 × n), counting from 1.
    [Theory]
    [InlineData(100, 50, 50)]
    [InlineData(100, 99, 99)]
    [InlineData(200, 99, 198)]
    [InlineData(10, 99, 10)]
    [InlineData(10, 50, 5)]
    [InlineData(1, 50, 1)]
    [InlineData(3, 0, 1)]
    public void NearestRank_OneToN_ReturnsRank(int count, double percent, double expected)
    {
        var sorted = Enumerable.Range(1, count).Select(value => (double)value).ToArray();

        Assert.Equal(expected, LatencyPercentile.NearestRank(sorted, percent));
    }

    [Fact]
    public void NearestRank_Empty_ReturnsNull()
    {
        Assert.Null(LatencyPercentile.NearestRank([], 50));
    }
}
