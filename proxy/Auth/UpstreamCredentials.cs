using Yarp.ReverseProxy.Configuration;

namespace Cappy.Proxy.Auth;

/// <summary>
/// The <c>Authorization</c> header an upstream gets. A cluster whose metadata names an environment variable
/// (<c>UpstreamApiKeyEnv</c>) gets <c>Bearer</c> and that variable's value; otherwise the client's header goes
/// through, unless it carried the proxy's own inbound key, which is removed.
/// </summary>
internal static class UpstreamCredentials
{
    /// <summary>Cluster metadata key naming the environment variable that contains the upstream's API key.</summary>
    public const string KeyEnvironmentMetadata = "UpstreamApiKeyEnv";

    /// <summary>What to do with the Authorization header of a call to the cluster.</summary>
    /// <param name="Replace">Whether the client's header must not be forwarded.</param>
    /// <param name="Value">The header to send instead, or null to send none.</param>
    public readonly record struct Decision(bool Replace, string? Value);

    public static Decision Decide(ClusterConfig? cluster, HttpContext context)
    {
        if (cluster?.Metadata is { } metadata && metadata.TryGetValue(KeyEnvironmentMetadata, out var variable) && !string.IsNullOrEmpty(variable))
        {
            var key = Environment.GetEnvironmentVariable(variable);
            return new Decision(Replace: true, string.IsNullOrEmpty(key) ? null : "Bearer " + key);
        }

        return context.Items.ContainsKey(ApiKeyMiddleware.ConsumedKeyItem) ? new Decision(Replace: true, null) : new Decision(Replace: false, null);
    }
}
