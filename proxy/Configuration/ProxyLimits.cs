namespace Cappy.Proxy.Configuration;

/// <summary>Limits that apply to every reranking route.</summary>
internal sealed record ProxyLimits
{
    /// <summary>Largest request body the reranker reads, in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024 * 1024;
}
