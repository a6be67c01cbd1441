using Cappy.Proxy.Training;
using Xunit;

namespace Cappy.Proxy.Tests.Training;

public sealed class ExampleOrderTests
{
    [Fact]
    public void SmallerTarget_TakesDistinctExamples()
    {
        var order = ExampleOrder.Create(count: 100, target: 30, seed: 3);

        Assert.Equal(30, order.Length);
        Assert.Equal(30, order.Distinct().Count());
        Assert.All(order, index => Assert.InRange(index, 0, 99));
    }

    [Fact]
    public void LargerTarget_RepeatsEveryExample()
    {
        var order = ExampleOrder.Create(count: 10, target: 25, seed: 3);

        Assert.Equal(25, order.Length);
        Assert.Equal(Enumerable.Range(0, 10), order.Take(10).Order());
        Assert.Equal(Enumerable.Range(0, 10), order.Skip(10).Take(10).Order());
    }

    [Fact]
    public void SameSeed_SameOrder()
    {
        Assert.Equal(ExampleOrder.Create(50, 50, seed: 9), ExampleOrder.Create(50, 50, seed: 9));
        Assert.NotEqual(ExampleOrder.Create(50, 50, seed: 9), ExampleOrder.Create(50, 50, seed: 10));
    }
}
