using System.Diagnostics;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;

namespace Cappy.IntegrationTests.Bench;

/// <summary>Runs <c>cappy-proxy bench scorer</c> as a child process and collects what it printed and wrote.</summary>
internal static class BenchProcess
{
    public static async Task<BenchRun> RunAsync(string? jsonPath, params string[] arguments)
    {
        var startInfo = ProxyExecutable.CreateStartInfo(["bench", "scorer", .. arguments]);
        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        JsonObject? json = null;
        string? svg = null;
        if (jsonPath is not null && File.Exists(jsonPath))
        {
            json = JsonNode.Parse(await File.ReadAllTextAsync(jsonPath))!.AsObject();
            var svgPath = Path.ChangeExtension(jsonPath, ".svg");
            svg = File.Exists(svgPath) ? await File.ReadAllTextAsync(svgPath) : null;
        }

        return new BenchRun(process.ExitCode, await output, await errors, json, svg);
    }
}
