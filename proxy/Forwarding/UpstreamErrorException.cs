namespace Cappy.Proxy.Forwarding;

/// <summary>An upstream 4xx answer, which goes back to the client as the upstream sent it.</summary>
internal sealed class UpstreamErrorException(UpstreamResponse response)
    : Exception($"The upstream answered HTTP {response.StatusCode}.")
{
    public UpstreamResponse Response { get; } = response;
}
