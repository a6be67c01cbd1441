using System.Collections.Concurrent;

namespace Cappy.Proxy.Forwarding;

/// <summary>What the proxy has learned about each upstream destination, keyed by destination address.</summary>
internal sealed class UpstreamCapabilities
{
    private readonly ConcurrentDictionary<string, NParameterSupport> _nSupport = new(StringComparer.OrdinalIgnoreCase);

    public NParameterSupport GetNSupport(string destination) =>
        _nSupport.TryGetValue(destination, out var support) ? support : NParameterSupport.Unknown;

    /// <summary>Records what the destination did with <c>n</c>; returns true when this changed what was known.</summary>
    public bool SetNSupport(string destination, NParameterSupport support)
    {
        var previous = _nSupport.GetValueOrDefault(destination, NParameterSupport.Unknown);
        _nSupport[destination] = support;
        return previous != support;
    }
}
