namespace Cappy.Proxy.Bench;

/// <summary>A server the proxy benchmark started and the address it listens on.</summary>
/// <param name="Process">The server's process; disposing the server stops it.</param>
/// <param name="Address">Base address on 127.0.0.1.</param>
/// <param name="Version">The server's version, where the benchmark records it.</param>
internal sealed record StartedServer(BenchChildProcess Process, Uri Address, string? Version) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
