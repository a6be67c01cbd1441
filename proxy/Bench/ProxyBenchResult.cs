namespace Cappy.Proxy.Bench;

/// <summary>Everything one <c>bench proxy</c> run measured, with the setup needed to read it.</summary>
internal sealed record ProxyBenchResult
{
    public required ProxyBenchSettings Settings { get; init; }

    /// <summary>Figures of each measured path and concurrency, in the order they ran.</summary>
    public required IReadOnlyList<ProxyCellResult> Cells { get; init; }

    /// <summary>Paths that were requested but not measured, with the reason.</summary>
    public required IReadOnlyDictionary<string, string> Skipped { get; init; }

    /// <summary>nginx's version, e.g. <c>nginx/1.22.1</c>; null when nginx did not run.</summary>
    public string? NginxVersion { get; init; }

    /// <summary>The proxy's scorer model name, from its <c>/readyz</c>; null when the proxy did not run.</summary>
    public string? ScorerModel { get; init; }

    /// <summary>The proxy scorer's execution provider, from its <c>/readyz</c>; null when the proxy did not run.</summary>
    public string? ScorerDevice { get; init; }

    public required MachineInfo Machine { get; init; }

    public double? LoadAverageBefore { get; init; }

    public double? LoadAverageAfter { get; init; }

    /// <summary>Returns the cell of <paramref name="path"/> at <paramref name="concurrency"/>, or null when it did not run.</summary>
    public ProxyCellResult? Find(string path, int concurrency) =>
        Cells.FirstOrDefault(cell => cell.Path == path && cell.Concurrency == concurrency);

    /// <summary>Returns the p50 and p99 latency a path adds over the direct path at the same concurrency, or nulls when either is missing.</summary>
    public (double? P50Ms, double? P99Ms) AddedLatency(ProxyCellResult cell)
    {
        if (cell.Path == ProxyBenchPath.Direct || Find(ProxyBenchPath.Direct, cell.Concurrency) is not { } direct)
        {
            return (null, null);
        }

        return (cell.P50Ms - direct.P50Ms, cell.P99Ms - direct.P99Ms);
    }
}
