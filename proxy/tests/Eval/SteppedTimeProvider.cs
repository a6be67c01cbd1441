namespace Cappy.Proxy.Tests.Eval;

/// <summary>A clock that moves only when a test advances it, so that elapsed times are exact.</summary>
internal sealed class SteppedTimeProvider : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan time) => _ticks += time.Ticks;
}
