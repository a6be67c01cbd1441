namespace Cappy.Proxy.Bench;

/// <summary>The figures of one path at one concurrency.</summary>
/// <param name="Path">The path's name, one of <see cref="ProxyBenchPath.All"/>.</param>
/// <param name="Concurrency">Concurrent clients, each sending its next request when the previous one returns.</param>
/// <param name="Requests">Requests sent.</param>
/// <param name="Seconds">Wall-clock seconds from the first send to the last completion.</param>
/// <param name="P50Ms">Median latency of the answered requests, in milliseconds; null when none was answered.</param>
/// <param name="P99Ms">99th-percentile latency of the answered requests, in milliseconds; null when none was answered.</param>
/// <param name="Errors">Requests answered with a status other than 2xx.</param>
/// <param name="Lost">Requests with no complete response, or whose answer is not one of their own prompt's candidates.</param>
internal sealed record ProxyCellResult(string Path, int Concurrency, int Requests, double Seconds, double? P50Ms, double? P99Ms, int Errors, int Lost)
{
    /// <summary>Requests answered correctly with 2xx.</summary>
    public int Answered => Requests - Errors - Lost;

    /// <summary>Correctly answered requests per second of the cell.</summary>
    public double RequestsPerSecond => Seconds > 0 ? Answered / Seconds : 0;
}
