using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>Runs the built proxy executable (<c>dotnet cappy-proxy.dll ...</c>) as a child process.</summary>
internal static class ProxyExecutable
{
    public static string AssemblyPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "cappy-proxy.dll");
            Assert.True(File.Exists(path), $"proxy executable not found next to the tests: {path}");
            return path;
        }
    }

    public static ProcessStartInfo CreateStartInfo(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <summary>
    /// Scores (instruction, response) pairs with the <c>score</c> command in its own process, independently of
    /// the proxy under test; returns one score per pair, in order.
    /// </summary>
    public static async Task<float[]> ScoreAsync(IReadOnlyList<(string Instruction, string Response)> pairs, params string[] extraArguments)
    {
        using var process = Process.Start(CreateStartInfo(["score", "--device", "cpu", .. extraArguments]))!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.NewLine = "\n";
        foreach (var (instruction, response) in pairs)
        {
            var line = new JsonObject { ["instruction"] = instruction, ["response"] = response };
            await process.StandardInput.WriteLineAsync(line.ToJsonString());
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"score exited with {process.ExitCode}: {await errors}");

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count, lines.Length);
        return lines.Select(line => float.Parse(JsonNode.Parse(line)!["score"]!.ToJsonString(), CultureInfo.InvariantCulture)).ToArray();
    }
}
