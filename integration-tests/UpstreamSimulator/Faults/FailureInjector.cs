namespace Cappy.UpstreamSimulator.Faults;

/// <summary>
/// Decides which valid generation requests fail with HTTP 500. Either every Nth one fails, or each one fails with
/// a fixed probability drawn from a seeded generator, so that a run can be repeated.
/// </summary>
internal sealed class FailureInjector(SimulatorOptions options)
{
    private readonly Lock _randomLock = new();
    private Random _random = new(options.Seed);
    private long _requestCount;

    /// <summary>Counts one generation request and returns whether it must fail, with its 1-based number.</summary>
    public bool ShouldFail(out long requestNumber)
    {
        requestNumber = Interlocked.Increment(ref _requestCount);
        if (options.FailEvery > 0)
        {
            return requestNumber % options.FailEvery == 0;
        }

        if (options.FailureRate > 0)
        {
            lock (_randomLock)
            {
                return _random.NextDouble() < options.FailureRate;
            }
        }

        return false;
    }

    /// <summary>Restarts the request count and the random sequence, so failures repeat as after start-up.</summary>
    public void Reset()
    {
        lock (_randomLock)
        {
            _random = new Random(options.Seed);
            Interlocked.Exchange(ref _requestCount, 0);
        }
    }
}
