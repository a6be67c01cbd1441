using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Containers;

/// <summary>
/// Publishes the proxy with scripts/publish.sh (the arguments the Dockerfile uses), then runs the published
/// entry point with the cpu image's environment variables, listening on loopback instead of 0.0.0.0.
/// </summary>
public sealed class PublishSmokeTests
{
    [SkippableFact]
    public async Task PublishedCpuOutput_WithImageEnvironment_ServesRerankedChat()
    {
        Skip.If(OperatingSystem.IsWindows(), "scripts/publish.sh needs a POSIX shell and publishes for linux-x64");
        var root = RepositoryFiles.Root;
        var work = Directory.CreateTempSubdirectory("cappy-publish-").FullName;
        try
        {
            var output = Path.Combine(work, "app");
            var (publishExit, publishLog) = await RunToEndAsync("sh", root, [Path.Combine(root, "scripts", "publish.sh"), "cpu", output]);
            Assert.True(publishExit == 0, publishLog);
            Assert.True(File.Exists(Path.Combine(output, "cappy-proxy.dll")), "publish wrote no cappy-proxy.dll");
            Assert.False(File.Exists(Path.Combine(output, "libonnxruntime_providers_cuda.so")), "the cpu output carries the CUDA provider");
            Assert.Empty(Directory.GetFiles(output, "onnxruntime*.dll"));

            await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
            using var config = RouteDirectory.Create(simulator.BaseAddress, """{ "Enabled": true, "N": 4 }""");
            var port = LoopbackPorts.FindUnused();
            var environment = DockerfileParser.Parse(RepositoryFiles.Require("Dockerfile"))["cpu"].Environment.ToDictionary();
            environment["CAPPY_URLS"] = $"http://127.0.0.1:{port}";
            environment["CAPPY_CONFIG"] = config.Path;
            environment["CAPPY_HEALTHCHECK_URL"] = $"http://127.0.0.1:{port}/readyz";

            var server = CreateStartInfo(output, environment, []);
            using var process = Process.Start(server)!;
            var log = new StringBuilder();
            process.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
            process.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                var ready = await WaitUntilReadyAsync(http, process, log);
                var (healthExit, healthLog) = await RunToEndAsync(CreateStartInfo(output, environment, ["healthcheck"]));

                using var response = await http.PostAsJsonAsync(
                    new Uri("/v1/chat/completions", UriKind.Relative),
                    new { model = "any", messages = new[] { new { role = "user", content = "Name three primary colours." } } });
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

                Assert.Equal("cpu", ready.GetProperty("execution_provider").GetString());
                Assert.True(healthExit == 0, healthLog);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("4", Assert.Single(response.Headers.GetValues("x-cappy-candidates")));
                Assert.Equal(1, body.GetProperty("choices").GetArrayLength());
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static ProcessStartInfo CreateStartInfo(string output, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(output, "cappy-proxy.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private static Task<(int ExitCode, string Log)> RunToEndAsync(string fileName, string workingDirectory, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return RunToEndAsync(startInfo);
    }

    private static async Task<(int ExitCode, string Log)> RunToEndAsync(ProcessStartInfo startInfo)
    {
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    private static async Task<JsonElement> WaitUntilReadyAsync(HttpClient http, Process process, StringBuilder log)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"the published proxy exited early: {Snapshot(log)}");
            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the published proxy was not ready within 1 minute: {Snapshot(log)}");
        return default;
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
