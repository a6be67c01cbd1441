namespace Cappy.Proxy.Bench;

/// <summary>What one measured phase ran and how long it took.</summary>
/// <param name="Name">Short key, e.g. <c>pipeline_c4</c>.</param>
/// <param name="Description">The phase in words, for the table.</param>
/// <param name="Concurrency">Requests in flight at once; 0 for runs on the bare session.</param>
/// <param name="Requests">Requests completed; 0 for runs on the bare session.</param>
/// <param name="Pairs">(instruction, response) rows scored.</param>
/// <param name="Tokens">Real tokens of those rows, special tokens included, padding excluded.</param>
/// <param name="PaddedTokens">Tokens fed to the model, padding included.</param>
/// <param name="Seconds">Wall-clock seconds of the phase, or of its session runs alone on the bare session.</param>
/// <param name="Flops">FLOPs of the rows by <see cref="TransformerFlops.Formula"/> on real tokens; null when the model's sizes are unknown.</param>
internal sealed record PhaseResult(
    string Name,
    string Description,
    int Concurrency,
    int Requests,
    int Pairs,
    long Tokens,
    long PaddedTokens,
    double Seconds,
    double? Flops)
{
    public double PairsPerSecond => Pairs / Seconds;

    public double TokensPerSecond => Tokens / Seconds;

    /// <summary>Useful GFLOP/s: FLOPs on real tokens per second, so padding lowers it.</summary>
    public double? Gflops => Flops / Seconds / 1e9;
}
