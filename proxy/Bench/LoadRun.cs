namespace Cappy.Proxy.Bench;

/// <summary>Indexes of the requests that completed, in ascending order, and the wall-clock seconds they took.</summary>
internal sealed record LoadRun(int[] CompletedRequests, double Seconds);
