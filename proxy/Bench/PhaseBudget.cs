using System.Diagnostics;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Shares the time limit of <c>--max-seconds</c> among the measured phases in proportion to their planned work.
/// Time a phase leaves unused goes to the later phases.
/// </summary>
internal sealed class PhaseBudget
{
    private readonly double _maxSeconds;
    private readonly long _start = Stopwatch.GetTimestamp();
    private double _remainingWork;

    /// <param name="maxSeconds">Seconds for all measured phases together; 0 or less for no limit.</param>
    /// <param name="totalWork">Planned work of all measured phases.</param>
    public PhaseBudget(double maxSeconds, double totalWork)
    {
        _maxSeconds = maxSeconds;
        _remainingWork = totalWork;
    }

    /// <summary>
    /// Returns the <see cref="Stopwatch"/> timestamp after which a phase of <paramref name="phaseWork"/> starts
    /// no new work, and counts that work as spent.
    /// </summary>
    public long NextDeadline(double phaseWork)
    {
        var share = _remainingWork > 0 ? Math.Min(1, phaseWork / _remainingWork) : 1;
        _remainingWork -= phaseWork;
        if (_maxSeconds <= 0)
        {
            return long.MaxValue;
        }

        var secondsLeft = Math.Max(0, _maxSeconds - Stopwatch.GetElapsedTime(_start).TotalSeconds);
        return Stopwatch.GetTimestamp() + (long)(secondsLeft * share * Stopwatch.Frequency);
    }
}
