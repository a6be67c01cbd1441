using System.Diagnostics;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;

namespace Cappy.IntegrationTests.Bench;

/// <summary>
/// One short <c>bench proxy</c> run on every path (50 requests at 1 and 4 clients), shared by the tests that check
/// its output. It runs the simulator copied next to the tests.
/// </summary>
public sealed class ProxyBenchFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-bench-proxy-test-").FullName;
    private readonly Lock _gate = new();
    private Task<BenchRun>? _run;

    public static string SimulatorAssembly => Path.Combine(AppContext.BaseDirectory, "upstream-simulator.dll");

    public string JsonPath => Path.Combine(_directory, "bench-proxy.json");

    internal Task<BenchRun> GetRunAsync()
    {
        lock (_gate)
        {
            return _run ??= RunAsync(
                JsonPath,
                "--requests", "50",
                "--concurrency", "1,4",
                "--warmup", "10",
                "--max-cell-seconds", "20",
                "--device", "cpu",
                "--json", JsonPath);
        }
    }

    /// <summary>Runs <c>cappy-proxy bench proxy</c> with the test's simulator and collects what it printed and wrote.</summary>
    internal static async Task<BenchRun> RunAsync(string? jsonPath, params string[] arguments)
    {
        var startInfo = ProxyExecutable.CreateStartInfo(["bench", "proxy", "--simulator", SimulatorAssembly, .. arguments]);
        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        JsonObject? json = null;
        if (jsonPath is not null && File.Exists(jsonPath))
        {
            json = JsonNode.Parse(await File.ReadAllTextAsync(jsonPath))!.AsObject();
        }

        return new BenchRun(process.ExitCode, await output, await errors, json, null);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
