namespace Cappy.Proxy.Bench;

/// <summary>Settings of one <c>bench proxy</c> run, as read from the command line.</summary>
internal sealed record ProxyBenchSettings
{
    /// <summary>Requests per path and concurrency.</summary>
    public int RequestsPerCell { get; init; }

    /// <summary>Seconds after which a cell sends no new requests; 0 for no limit.</summary>
    public double MaxCellSeconds { get; init; }

    /// <summary>Unmeasured requests sent on each path before its cells, at the highest concurrency.</summary>
    public int WarmupRequests { get; init; }

    /// <summary>Concurrent clients of the cells, in the order they run.</summary>
    public IReadOnlyList<int> ConcurrencyLevels { get; init; } = [];

    /// <summary>Paths to measure, in <see cref="ProxyBenchPath.All"/> order.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Scorer model directory of the proxy; null for the embedded default.</summary>
    public string? Model { get; init; }

    /// <summary>The proxy's <c>--device</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>The simulator assembly; null to find or build it in the checkout.</summary>
    public string? SimulatorAssembly { get; init; }

    /// <summary>The nginx executable; null to search for it.</summary>
    public string? NginxExecutable { get; init; }

    /// <summary>File the figures are written to as JSON; null for none.</summary>
    public string? JsonFile { get; init; }

    /// <summary>Seconds the whole run may take, setup included.</summary>
    public double TimeoutSeconds { get; init; }
}
