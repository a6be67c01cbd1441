namespace Cappy.Proxy.Forwarding;

/// <summary>An upstream 4xx response, which goes back to the client as the upstream sent it.</summary>
internal sealed class UpstreamErrorException(UpstreamResponse response)
    : Exception($"The upstream returned HTTP {response.StatusCode}.")
{
    public UpstreamResponse Response { get; } = response;
}
