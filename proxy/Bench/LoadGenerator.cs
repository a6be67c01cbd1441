using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Sends requests from a fixed list with a number of concurrent clients. Each client sends its next request when
/// the previous one returns (a closed loop), so exactly that many requests are in flight until the list runs out.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>
    /// Sends <paramref name="requests"/> in order with <paramref name="concurrency"/> clients and returns the
    /// indexes of the completed requests and the seconds from the first send to the last completion. Clients take
    /// no new request once <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp) has passed, but
    /// each client sends at least one.
    /// </summary>
    public static async Task<LoadRun> RunAsync<TRequest>(
        IReadOnlyList<TRequest> requests,
        int concurrency,
        long deadline,
        Func<TRequest, CancellationToken, ValueTask> send,
        CancellationToken cancellationToken)
    {
        var next = -1;
        var completed = new ConcurrentBag<int>();
        var start = Stopwatch.GetTimestamp();

        async Task ClientAsync()
        {
            var sent = 0;
            while (sent == 0 || Stopwatch.GetTimestamp() < deadline)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= requests.Count)
                {
                    return;
                }

                await send(requests[index], cancellationToken);
                completed.Add(index);
                sent++;
            }
        }

        var clients = Enumerable.Range(0, concurrency).Select(_ => Task.Run(ClientAsync, cancellationToken)).ToArray();
        await Task.WhenAll(clients);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new LoadRun([.. completed.Order()], seconds);
    }
}
