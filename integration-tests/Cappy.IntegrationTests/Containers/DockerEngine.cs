using System.Net.Sockets;

namespace Cappy.IntegrationTests.Containers;

/// <summary>
/// Probes the Docker engine the way Testcontainers finds it (DOCKER_HOST, else /var/run/docker.sock) with
/// GET /_ping, so container tests can skip with the reason when no engine responds.
/// </summary>
internal static class DockerEngine
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Why no engine is reachable, or null when /_ping returned a success status.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var endpoint = string.IsNullOrEmpty(host) ? "unix:///var/run/docker.sock" : host;
        var uri = new Uri(endpoint);
        if (uri.Scheme == "unix" && !File.Exists(uri.AbsolutePath))
        {
            return $"no Docker engine reachable: the socket {uri.AbsolutePath} does not exist (set DOCKER_HOST if the engine listens elsewhere)";
        }

        try
        {
            using var handler = CreateHandler(endpoint, out var baseAddress);
            using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
            using var response = http.GetAsync(new Uri("/_ping", UriKind.Relative)).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? null : $"Docker engine at {endpoint} returned HTTP {(int)response.StatusCode} for /_ping";
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or TaskCanceledException or NotSupportedException)
        {
            return $"no Docker engine reachable at {endpoint}: {exception.Message}";
        }
    }

    private static SocketsHttpHandler CreateHandler(string endpoint, out Uri baseAddress)
    {
        var uri = new Uri(endpoint);
        if (uri.Scheme == "unix")
        {
            baseAddress = new Uri("http://docker.sock");
            return new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
        }

        if (uri.Scheme == "tcp")
        {
            baseAddress = new UriBuilder(uri) { Scheme = "http" }.Uri;
            return new SocketsHttpHandler();
        }

        throw new NotSupportedException($"DOCKER_HOST scheme '{uri.Scheme}' is not probed by these tests");
    }
}
