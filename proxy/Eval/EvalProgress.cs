using System.Diagnostics;
using System.Globalization;

namespace Cappy.Proxy.Eval;

/// <summary>
/// Writes a progress line to <paramref name="output"/> each time another 5 % of the examples is done: a text bar of
/// 20 steps, the count, the elapsed time and an estimate of the time left (elapsed time scaled by the fraction still
/// to do). Plain lines instead of a redrawn bar keep logs and redirected output readable. Thread-safe.
/// </summary>
internal sealed class EvalProgress(int total, TextWriter output, TimeProvider timeProvider)
{
    private const int StepPercent = 5;
    private const int BarSteps = 100 / StepPercent;
    private readonly Lock _lock = new();
    private readonly long _start = timeProvider.GetTimestamp();
    private int _done;
    private int _nextPercent = StepPercent;

    public void Completed()
    {
        lock (_lock)
        {
            _done++;
            var percent = total == 0 ? 100 : _done * 100 / total;
            if (percent < _nextPercent && _done != total)
            {
                return;
            }

            _nextPercent = (percent / StepPercent + 1) * StepPercent;
            var elapsed = timeProvider.GetElapsedTime(_start);
            var left = TimeSpan.FromTicks((long)(elapsed.Ticks * (double)(total - _done) / _done));
            var filled = Math.Min(percent / StepPercent, BarSteps);
            var bar = new string('#', filled) + new string('.', BarSteps - filled);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"eval: [{bar}] {_done}/{total} examples scored ({percent} %), {elapsed.TotalSeconds:F1} s elapsed, ETA {left.TotalSeconds:F0} s"));
            Debug.Assert(_done <= total, "more completions than examples");
        }
    }
}
