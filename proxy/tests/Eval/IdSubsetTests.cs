using Cappy.Proxy.Eval;
using Xunit;

namespace Cappy.Proxy.Tests.Eval;

public sealed class IdSubsetTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    [InlineData(300, true)]
    [InlineData(-3, true)]
    [InlineData(-1, false)]
    public void Contains_ModuloThreeRemainderZero(long id, bool expected)
    {
        Assert.Equal(expected, new IdSubset(3, 0).Contains(id));
    }

    [Fact]
    public void Contains_NegativeIdsFollowResidueClasses()
    {
        // -1 = 3 * (-1) + 2, so -1 leaves 2 like 5 does.
        Assert.True(new IdSubset(3, 2).Contains(-1));
    }

    [Fact]
    public void ToString_NamesTheCondition()
    {
        Assert.Equal("id % 3 == 1", new IdSubset(3, 1).ToString());
    }
}
