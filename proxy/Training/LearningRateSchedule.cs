namespace Cappy.Proxy.Training;

/// <summary>
/// Linear warm-up then linear decay: step s (0-based) of T with W warm-up steps gets
/// peak × (s + 1) / W while s &lt; W, then peak × (T - s) / (T - W).
/// </summary>
internal sealed record LearningRateSchedule(double Peak, int TotalSteps, int WarmupSteps)
{
    /// <summary>Creates the schedule for <paramref name="totalSteps"/> with ⌈ratio × steps⌉ warm-up steps.</summary>
    public static LearningRateSchedule Create(double peak, int totalSteps, double warmupRatio) =>
        new(peak, totalSteps, (int)Math.Ceiling(totalSteps * warmupRatio));

    public double At(int step)
    {
        if (step < WarmupSteps)
        {
            return Peak * (step + 1) / WarmupSteps;
        }

        return Peak * (TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps);
    }
}
