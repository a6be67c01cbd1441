using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Starts Cappy Proxy as a child process, the same executable as this one, with three routes in front of the
/// simulator. A request header picks the route, so the three proxy paths share one process and one port.
/// </summary>
internal static class ProxyProcess
{
    /// <summary>Request header whose value selects the benchmark route.</summary>
    public const string RouteHeader = "x-bench-route";

    /// <summary>
    /// Writes the route file into <paramref name="configDirectory"/> and starts the proxy on
    /// <paramref name="port"/>. <paramref name="model"/> and <paramref name="device"/> are passed on as
    /// <c>--model</c> and <c>--device</c>.
    /// </summary>
    public static BenchChildProcess Start(string configDirectory, int port, int upstreamPort, string? model, string device)
    {
        File.WriteAllText(Path.Combine(configDirectory, "bench-routes.json"), BuildRoutes(upstreamPort).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var startInfo = CreateStartInfo();
        startInfo.ArgumentList.Add("--config");
        startInfo.ArgumentList.Add(configDirectory);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        startInfo.ArgumentList.Add("--device");
        startInfo.ArgumentList.Add(device);
        if (model is not null)
        {
            startInfo.ArgumentList.Add("--model");
            startInfo.ArgumentList.Add(Path.GetFullPath(model));
        }

        DotnetHost.RemoveProxySettings(startInfo.Environment);

        // The per-request log line is off, as nginx's access log is; start-up warnings and errors still show.
        startInfo.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        return BenchChildProcess.Start("Cappy Proxy", startInfo);
    }

    /// <summary>
    /// Builds the route file: <c>passthrough</c> (reranking disabled), <c>rerank_first</c> (strategy
    /// <c>First</c>, no scoring) and <c>rerank_scorer</c> (the default scorer), each sampling
    /// <see cref="ProxyBenchPrompts.CandidatesPerPrompt"/> candidates when it reranks.
    /// </summary>
    public static JsonObject BuildRoutes(int upstreamPort)
    {
        var routes = new JsonObject
        {
            ["bench-passthrough"] = Route(ProxyBenchPath.Passthrough, new JsonObject { ["Enabled"] = false }),
            ["bench-rerank-first"] = Route(ProxyBenchPath.RerankFirst, Rerank("First")),
            ["bench-rerank-scorer"] = Route(ProxyBenchPath.RerankScorer, Rerank("Scorer")),
        };
        var clusters = new JsonObject
        {
            ["simulator"] = new JsonObject
            {
                ["Destinations"] = new JsonObject
                {
                    ["simulator"] = new JsonObject { ["Address"] = $"http://127.0.0.1:{upstreamPort}/" },
                },
            },
        };
        return new JsonObject { ["ReverseProxy"] = new JsonObject { ["Routes"] = routes, ["Clusters"] = clusters } };
    }

    private static JsonObject Route(string headerValue, JsonObject rerank) => new()
    {
        ["ClusterId"] = "simulator",
        ["Match"] = new JsonObject
        {
            ["Path"] = "/v1/{**rest}",
            ["Headers"] = new JsonArray(new JsonObject { ["Name"] = RouteHeader, ["Values"] = new JsonArray(headerValue) }),
        },
        ["Rerank"] = rerank,
    };

    private static JsonObject Rerank(string strategy) => new()
    {
        ["Enabled"] = true,
        ["N"] = ProxyBenchPrompts.CandidatesPerPrompt,
        ["Strategy"] = strategy,
    };

    /// <summary>Runs this executable again: the apphost directly, or <c>dotnet cappy-proxy.dll</c> when started through the host.</summary>
    private static ProcessStartInfo CreateStartInfo()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) != "dotnet")
        {
            return new ProcessStartInfo(processPath);
        }

        var startInfo = new ProcessStartInfo(DotnetHost.Path);
        startInfo.ArgumentList.Add(typeof(ProxyProcess).Assembly.Location);
        return startInfo;
    }
}
