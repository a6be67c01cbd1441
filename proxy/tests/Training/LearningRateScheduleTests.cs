using Cappy.Proxy.Training;
using Xunit;

namespace Cappy.Proxy.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void TenSteps_WarmUpOneThenDecay()
    {
        // 10 steps with ratio 0.1: one warm-up step at the peak, then (10 - s) / 9 of it.
        var schedule = LearningRateSchedule.Create(2e-5, totalSteps: 10, warmupRatio: 0.1);

        Assert.Equal(1, schedule.WarmupSteps);
        Assert.Equal(2e-5, schedule.At(0), 12);
        Assert.Equal(2e-5, schedule.At(1), 12);
        Assert.Equal(2e-5 * 5 / 9, schedule.At(5), 12);
        Assert.Equal(2e-5 / 9, schedule.At(9), 12);
    }

    [Fact]
    public void WarmUp_RisesLinearly()
    {
        var schedule = LearningRateSchedule.Create(1.0, totalSteps: 40, warmupRatio: 0.1);

        Assert.Equal(4, schedule.WarmupSteps);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], Enumerable.Range(0, 4).Select(schedule.At));
        Assert.Equal(1.0, schedule.At(4), 12);
        Assert.Equal(1.0 / 36, schedule.At(39), 12);
    }
}
