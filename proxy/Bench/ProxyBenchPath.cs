namespace Cappy.Proxy.Bench;

/// <summary>Names of the measured paths, as they appear in the table, the JSON file and <c>--paths</c>.</summary>
internal static class ProxyBenchPath
{
    /// <summary>Straight to the simulator.</summary>
    public const string Direct = "direct";

    /// <summary>Through nginx's <c>proxy_pass</c>.</summary>
    public const string Nginx = "nginx";

    /// <summary>Through Cappy Proxy on a route with reranking disabled (YARP forwarding only).</summary>
    public const string Passthrough = "passthrough";

    /// <summary>Through Cappy Proxy's reranking path with the <c>First</c> strategy: n candidates, no scoring.</summary>
    public const string RerankFirst = "rerank_first";

    /// <summary>Through Cappy Proxy's reranking path with the scorer.</summary>
    public const string RerankScorer = "rerank_scorer";

    /// <summary>Every path, in the order they run.</summary>
    public static IReadOnlyList<string> All { get; } = [Direct, Nginx, Passthrough, RerankFirst, RerankScorer];

    /// <summary>Whether the path goes through Cappy Proxy.</summary>
    public static bool IsCappyProxy(string path) => path is Passthrough or RerankFirst or RerankScorer;
}
