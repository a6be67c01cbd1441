using System.Diagnostics;
using System.Globalization;

namespace Cappy.Proxy.Bench;

/// <summary>Finds nginx and runs it in the foreground as a plain reverse proxy in front of the simulator.</summary>
internal static class NginxProcess
{
    /// <summary>The command that installs nginx on Debian and Ubuntu, for the message of a skipped nginx path.</summary>
    public const string InstallCommand = "sudo apt-get install -y nginx-light (or nginx)";

    private static readonly string[] KnownLocations = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx", "/opt/homebrew/bin/nginx"];

    /// <summary>
    /// Returns the nginx executable: <paramref name="configured"/> when given, else <c>nginx</c> from the search
    /// path or a usual install location; null when none exists.
    /// </summary>
    public static string? Find(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var candidates = searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "nginx"))
            .Concat(KnownLocations);
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Returns the version line nginx prints for <c>-v</c>, e.g. <c>nginx/1.22.1</c>, or null when it cannot be read.</summary>
    public static async Task<string?> ReadVersionAsync(string executable, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable) { ArgumentList = { "-v" } };
        await using var process = BenchChildProcess.Start("nginx -v", startInfo);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var exitCode = await process.WaitForExitAsync(timeout.Token);

        // nginx prints "nginx version: nginx/1.22.1" on standard error.
        var output = process.LastOutput();
        const string prefix = "nginx version: ";
        var start = output.IndexOf(prefix, StringComparison.Ordinal);
        return exitCode == 0 && start >= 0 ? output[(start + prefix.Length)..].Trim() : null;
    }

    /// <summary>
    /// Writes <c>nginx.conf</c> into <paramref name="directory"/> and starts nginx with that directory as its
    /// prefix, in the foreground (<c>daemon off</c>), listening on <paramref name="port"/> and forwarding
    /// everything to <paramref name="upstreamPort"/>. Its pid file, error log and temporary files stay in the directory.
    /// </summary>
    public static BenchChildProcess Start(string executable, string directory, int port, int upstreamPort)
    {
        var configFile = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(configFile, BuildConfig(directory, port, upstreamPort));

        var startInfo = new ProcessStartInfo(executable);
        foreach (var argument in new[] { "-p", directory + Path.DirectorySeparatorChar, "-c", configFile })
        {
            startInfo.ArgumentList.Add(argument);
        }

        return BenchChildProcess.Start("nginx", startInfo);
    }

    /// <summary>
    /// Builds a plain <c>proxy_pass</c> configuration. Upstream connections are kept alive (HTTP/1.1 with an
    /// empty <c>Connection</c> header), as Cappy Proxy's connection pool keeps them, and the access log is off,
    /// as the proxy's per-request log is during the benchmark.
    /// </summary>
    public static string BuildConfig(string directory, int port, int upstreamPort) => string.Create(CultureInfo.InvariantCulture, $$"""
        worker_processes auto;
        daemon off;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log warn;

        events {
            worker_connections 1024;
        }

        http {
            access_log off;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;

            upstream simulator {
                server 127.0.0.1:{{upstreamPort}};
                keepalive 128;
            }

            server {
                listen 127.0.0.1:{{port}};

                location / {
                    proxy_pass http://simulator;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
            }
        }

        """);
}
