using System.ClientModel;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.Scorer.Synthetic;
using Cappy.Testing;
using Cappy.UpstreamSimulator;
using OpenAI;
using OpenAI.Chat;
using Xunit;

namespace Cappy.IntegrationTests.Containers;

/// <summary>
/// The cpu image's contents, tested without Docker. scripts/publish.sh, which contains the Dockerfile's publish
/// arguments, writes the output once. The tests then run the stage's ENTRYPOINT and HEALTHCHECK commands with its
/// ENV, with image paths mapped into a temporary directory and the listener moved to loopback.
/// </summary>
public sealed partial class PublishSmokeTests(PublishedOutputFixture published) : IClassFixture<PublishedOutputFixture>
{
    private static readonly DockerfileStage Stage = DockerfileParser.Parse(RepositoryFiles.Require("Dockerfile"))["cpu"];

    [SkippableFact]
    public async Task PublishedCpuOutput_CarriesNoGpuWindowsOrLibTorchLibraries()
    {
        var output = await PublishAsync();

        Assert.True(File.Exists(Path.Combine(output, "cappy-proxy.dll")), "publish wrote no cappy-proxy.dll");
        Assert.True(File.Exists(Path.Combine(output, "libonnxruntime.so")), "publish wrote no ONNX Runtime library");
        Assert.False(File.Exists(Path.Combine(output, "libonnxruntime_providers_cuda.so")), "the cpu output carries the CUDA provider");
        Assert.False(File.Exists(Path.Combine(output, "libonnxruntime_providers_tensorrt.so")), "the cpu output carries the TensorRT provider");
        Assert.Empty(Directory.GetFiles(output, "*.pdb"));
        Assert.Empty(Directory.GetFiles(output, "onnxruntime*.dll"));
        Assert.Empty(Directory.GetFiles(output, "*Tests.dll"));
        Assert.Empty(Directory.GetFiles(output, "libtorch*.so", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(output, "libLibTorchSharp.so", SearchOption.AllDirectories));
    }

    [SkippableFact]
    public async Task PublishedCpuOutput_WithImageLayout_ServesRerankedChat()
    {
        var vocabulary = SharedData.RequireFile("tokenizers/roberta-base/vocab.json");
        var merges = SharedData.RequireFile("tokenizers/roberta-base/merges.txt");
        await PublishAsync();
        var config = published.MapImagePath(Stage.Environment["CAPPY_CONFIG"]);
        var models = published.MapImagePath("/models");
        RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, Path.Combine(models, "cappy-tiny"), vocabulary, merges);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        Directory.CreateDirectory(config);
        foreach (var file in Directory.GetFiles(config, "*.json"))
        {
            File.Delete(file);
        }

        await File.WriteAllTextAsync(Path.Combine(config, "routes.json"), $$"""
            {
              "ReverseProxy": {
                "Routes": { "sim": { "ClusterId": "sim", "Match": { "Path": "/v1/{**rest}" }, "Rerank": { "Enabled": true, "N": 4 } } },
                "Clusters": { "sim": { "Destinations": { "sim": { "Address": "{{simulator.BaseAddress}}" } } } }
              }
            }
            """);
        var port = LoopbackPorts.FindUnused();
        var environment = ImageEnvironment(port);
        environment["CAPPY_MODEL"] = published.MapImagePath("/models/cappy-tiny");

        var log = new StringBuilder();
        using var process = Process.Start(StartInfo(Stage.Entrypoint, environment))!;
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            var ready = await WaitUntilReadyAsync(address, process, log);
            var (healthExit, healthLog) = await ChildProcess.RunToEndAsync(StartInfo(HealthCheckCommand(), environment), TimeSpan.FromMinutes(1));
            var chat = new ChatClient("simulated-model", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(address, "/v1") });

            var result = await chat.CompleteChatAsync([new UserChatMessage("Name three primary colours.")]);

            Assert.Equal("cappy-tiny", ready.GetProperty("model").GetString());
            Assert.Equal("CrossEncoder", ready.GetProperty("kind").GetString());
            Assert.Equal("cpu", ready.GetProperty("execution_provider").GetString());
            Assert.True(healthExit == 0, $"healthcheck exited {healthExit}: {healthLog}");
            Assert.True(result.GetRawResponse().Headers.TryGetValue("x-cappy-candidates", out var candidates), "no x-cappy-candidates header");
            Assert.Equal("4", candidates);
            Assert.False(string.IsNullOrEmpty(Assert.Single(result.Value.Content).Text), "the completion has no text");
            Assert.Contains("on execution provider cpu", Snapshot(log), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [SkippableFact]
    public async Task PublishedHealthCheck_NothingListening_ExitsOne()
    {
        await PublishAsync();
        var environment = ImageEnvironment(LoopbackPorts.FindUnused());

        var (exitCode, log) = await ChildProcess.RunToEndAsync(StartInfo(HealthCheckCommand(), environment), TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 1, $"healthcheck exited {exitCode}: {log}");
        Assert.Contains(environment["CAPPY_HEALTHCHECK_URL"], log, StringComparison.Ordinal);
    }

    private async Task<string> PublishAsync()
    {
        Skip.If(OperatingSystem.IsWindows(), "scripts/publish.sh needs a POSIX shell and publishes for linux-x64");
        var result = await published.GetCpuAsync();
        Assert.True(result.ExitCode == 0, $"scripts/publish.sh exited {result.ExitCode}: {result.Log}");
        return result.Output;
    }

    /// <summary>Builds the stage's ENV with image paths mapped into the temporary directory and the listener on loopback.</summary>
    private Dictionary<string, string> ImageEnvironment(int port)
    {
        var environment = Stage.Environment.ToDictionary(
            entry => entry.Key,
            entry => entry.Value.StartsWith('/') ? published.MapImagePath(entry.Value) : entry.Value,
            StringComparer.Ordinal);
        var exposed = Assert.Single(Stage.ExposedPorts);
        environment["CAPPY_URLS"] = Stage.Environment["CAPPY_URLS"].Replace($"0.0.0.0:{exposed}", $"127.0.0.1:{port}", StringComparison.Ordinal);
        environment["CAPPY_HEALTHCHECK_URL"] = Stage.Environment["CAPPY_HEALTHCHECK_URL"].Replace($":{exposed}/", $":{port}/", StringComparison.Ordinal);
        return environment;
    }

    /// <summary>Reads the exec-form command after CMD in the stage's HEALTHCHECK.</summary>
    private static string[] HealthCheckCommand()
    {
        var match = HealthCheckExecForm().Match(Stage.HealthCheck ?? string.Empty);
        Assert.True(match.Success, $"the cpu stage's HEALTHCHECK has no exec-form CMD: {Stage.HealthCheck}");
        return JsonSerializer.Deserialize<string[]>(match.Groups[1].Value)!;
    }

    /// <summary>Creates the start of an image command, with its absolute paths mapped and the mapped WORKDIR as working directory.</summary>
    private ProcessStartInfo StartInfo(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        Assert.NotEmpty(command);
        var startInfo = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = published.MapImagePath(Stage.WorkingDirectory!),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument.StartsWith('/') ? published.MapImagePath(argument) : argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private static async Task<JsonElement> WaitUntilReadyAsync(Uri address, Process process, StringBuilder log)
    {
        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow.AddMinutes(2);
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

        Assert.Fail($"the published proxy was not ready within 2 minutes: {Snapshot(log)}");
        return default;
    }

    private static void Append(StringBuilder log, string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    [GeneratedRegex(@"\bCMD\s+(\[.*\])\s*$")]
    private static partial Regex HealthCheckExecForm();
}
