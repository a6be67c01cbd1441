using System.Net;
using System.Net.Sockets;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>Loopback ports for tests that need an address nothing listens on yet.</summary>
internal static class LoopbackPorts
{
    /// <summary>Returns a port that was free a moment ago; nothing listens on it when this returns.</summary>
    public static int FindUnused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
