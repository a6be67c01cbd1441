namespace Cappy.Proxy.Bench;

/// <summary>
/// Workload sizes used when the command line leaves them out, chosen by the execution provider the model loaded
/// on. One RoBERTa-large pair of about 250 tokens is about 1.6e11 FLOPs, a few seconds on a small CPU, so the CPU
/// sizes keep each figure to the fewest requests that still measure it.
/// </summary>
/// <param name="RequestsPerClient">Requests each client sends per concurrency phase.</param>
/// <param name="PadRequests">Requests whose rows the padding comparison runs.</param>
/// <param name="OverheadConcurrency">Concurrency phase whose batches are replayed on the bare session.</param>
internal sealed record BenchDefaults(int RequestsPerClient, int PadRequests, int OverheadConcurrency)
{
    /// <summary>
    /// Returns the defaults for CUDA or for the CPU. On the CPU, the overhead is measured on the one-request
    /// phase, where the per-request costs (tokenizing, queueing, batch window) have the least inference to hide
    /// behind.
    /// </summary>
    public static BenchDefaults For(bool onCuda) => onCuda
        ? new BenchDefaults(RequestsPerClient: 32, PadRequests: 64, OverheadConcurrency: 16)
        : new BenchDefaults(RequestsPerClient: 1, PadRequests: 2, OverheadConcurrency: 1);
}
