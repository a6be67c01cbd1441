using System.Net;
using System.Net.Sockets;

namespace Cappy.Proxy.Bench;

/// <summary>Free TCP ports on 127.0.0.1 for the servers the proxy benchmark starts.</summary>
internal static class LoopbackPort
{
    /// <summary>
    /// Returns a port that was free a moment ago. Another process could take it before the server binds it, in
    /// which case that server fails to start and the benchmark reports its output.
    /// </summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Returns <c>http://127.0.0.1:PORT/</c>.</summary>
    public static Uri BaseAddress(int port) => new($"http://127.0.0.1:{port}/");
}
