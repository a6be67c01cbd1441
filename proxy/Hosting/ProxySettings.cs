using Cappy.Proxy.Configuration;
using Cappy.Scorer;

namespace Cappy.Proxy.Hosting;

/// <summary>Everything the serve command needs, from flags and environment variables.</summary>
internal sealed record ProxySettings
{
    /// <summary>Directory of route files; ignored when <see cref="Upstream"/> is set.</summary>
    public string ConfigDirectory { get; init; } = "config";

    /// <summary>One upstream to rerank in front of, with no route files.</summary>
    public Uri? Upstream { get; init; }

    /// <summary>Candidates per request on the <see cref="Upstream"/> route.</summary>
    public int UpstreamN { get; init; } = 4;

    /// <summary>Addresses to listen on, separated by semicolons.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    public ScorerOptions Scorer { get; init; } = new();

    public ProxyLimits Limits { get; init; } = new();

    /// <summary>Console log format: <c>text</c> or <c>json</c> (compact JSON, one event per line).</summary>
    public string LogFormat { get; init; } = "text";
}
