using System.ClientModel;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Simulator;
using Cappy.Scorer.Synthetic;
using Cappy.Testing;
using Cappy.UpstreamSimulator;
using OpenAI;
using OpenAI.Chat;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>The built executable as users run it: the server, its start-up failures and its tools.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class ProxyExecutableTests
{
    [SkippableFact]
    public async Task Server_WithUpstreamShortcut_ServesChatAndLogsNoText()
    {
        var item = (await ScoredInstruction.LoadAsync())[4];
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        var port = LoopbackPorts.FindUnused();
        var log = new StringBuilder();
        using var process = Process.Start(ProxyExecutable.CreateStartInfo(
            "--upstream", new Uri(simulator.BaseAddress, "/v1").ToString(), "--urls", $"http://127.0.0.1:{port}", "--n", "8", "--device", "cpu"))!;
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            await WaitUntilReadyAsync(address, process, log);
            var options = new OpenAIClientOptions { Endpoint = new Uri(address, "/v1") };
            var chat = new ChatClient("simulated-model", new ApiKeyCredential("sk-secret-test-key"), options);

            var completion = (await chat.CompleteChatAsync([new UserChatMessage(item.Instruction)])).Value;

            Assert.Equal(item.Best, completion.Content[0].Text);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var text = Snapshot(log);
        Assert.Contains("responded 200", text, StringComparison.Ordinal);
        Assert.Contains("\"Candidates\": 8", text, StringComparison.Ordinal);
        Assert.Contains("\"ScorerMs\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(item.Instruction[..40], text, StringComparison.Ordinal);
        Assert.DoesNotContain(item.Best[..40], text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-test-key", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_ClientGone_LogsStatus499()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { LatencyMs = 3000 });
        var port = LoopbackPorts.FindUnused();
        var log = new StringBuilder();
        using var process = Process.Start(ProxyExecutable.CreateStartInfo(
            "--upstream", simulator.BaseAddress.ToString(), "--urls", $"http://127.0.0.1:{port}", "--device", "cpu"))!;
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            await WaitUntilReadyAsync(address, process, log);
            using var client = new HttpClient { BaseAddress = address };
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var body = new StringContent("""{"model": "m", "messages": [{"role": "user", "content": "Hello"}]}""", Encoding.UTF8, "application/json");

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), body, cancellation.Token));

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && !Snapshot(log).Contains("responded 499", StringComparison.Ordinal))
            {
                await Task.Delay(200);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var chatLines = Snapshot(log).Split('\n').Where(line => line.Contains("/v1/chat/completions responded", StringComparison.Ordinal)).ToArray();
        var chatLine = Assert.Single(chatLines);
        Assert.Contains("responded 499", chatLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_MissingModelFile_ExitsNamingTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("cappy-model-").FullName;
        try
        {
            var (exitCode, _, errors) = await RunAsync(null, "--upstream", "http://127.0.0.1:9/", "--model", directory, "--urls", "http://127.0.0.1:0");

            Assert.Equal(1, exitCode);
            Assert.Contains(Path.Combine(directory, "model.onnx"), errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Server_AddressInUse_ExitsWithOneClearError()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var (exitCode, _, errors) = await RunAsync(null, "--upstream", "http://127.0.0.1:9/", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, exitCode);
        Assert.Contains("address already in use", errors, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--urls", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("BackgroundService has thrown", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_InvalidRouteFiles_ExitsListingEveryError()
    {
        var directory = Directory.CreateTempSubdirectory("cappy-config-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "a.json"), """{ "ReverseProxy": { "Routes": { "r": { "ClusterId": "none", "Rerank": { "N": 0 } } } } }""");

            var (exitCode, _, errors) = await RunAsync(null, "--config", directory, "--urls", "http://127.0.0.1:0");

            Assert.Equal(1, exitCode);
            Assert.Contains("a.json: ReverseProxy:Routes:r:ClusterId", errors, StringComparison.Ordinal);
            Assert.Contains("a.json: ReverseProxy:Routes:r:Rerank:N", errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Tokenize_RobertaPairs_EqualGoldenIds()
    {
        var golden = SharedData.RequireFile("tokenizers/roberta-base/golden-pairs.jsonl");
        var lines = await File.ReadAllLinesAsync(golden);
        var input = string.Join('\n', lines.Select(line =>
        {
            var json = JsonNode.Parse(line)!;
            return new JsonObject { ["instruction"] = json["instruction"]!.GetValue<string>(), ["response"] = json["response"]!.GetValue<string>() }.ToJsonString();
        }));

        var (exitCode, output, errors) = await RunAsync(input, "tokenize", "--tokenizer", Path.GetDirectoryName(golden)!);

        Assert.True(exitCode == 0, errors);
        var produced = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, produced.Length);
        var mismatches = Enumerable.Range(0, lines.Length)
            .Where(i => JsonNode.Parse(lines[i])!["input_ids"]!.ToJsonString() != JsonNode.Parse(produced[i])!["input_ids"]!.ToJsonString())
            .ToArray();
        Assert.True(mismatches.Length == 0, $"{mismatches.Length} of {lines.Length} lines differ, first at line {mismatches.FirstOrDefault() + 1}");
    }

    [Fact]
    public async Task HashKey_PrintsSha256OfKey()
    {
        var (exitCode, output, errors) = await RunAsync("my-secret-key\n", "hash-key");

        Assert.True(exitCode == 0, errors);
        var expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("my-secret-key")));
        Assert.Equal(expected, output.Trim());
    }

    [Fact]
    public async Task Score_InvalidLine_ExitsNamingTheLine()
    {
        var (exitCode, output, errors) = await RunAsync("{\"instruction\": \"a\", \"response\": \"b\"}\n{\"instruction\": 1}\n", "score", "--device", "cpu");

        Assert.Equal(1, exitCode);
        Assert.Contains("line 2", errors, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Score_MissingResponse_NamesTheField()
    {
        var (exitCode, _, errors) = await RunAsync("{\"instruction\": \"a\", \"output\": \"b\"}\n", "score", "--device", "cpu");

        Assert.Equal(1, exitCode);
        Assert.Contains("line 1: missing or non-string field \"response\".", errors, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Score_CrossEncoderModel_WritesRawLogits()
    {
        var vocabulary = SharedData.RequireFile("tokenizers/roberta-base/vocab.json");
        var merges = SharedData.RequireFile("tokenizers/roberta-base/merges.txt");
        var directory = Directory.CreateTempSubdirectory("cappy-tiny-").FullName;
        try
        {
            RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, directory, vocabulary, merges);
            var input = "{\"instruction\": \"Name a colour.\", \"response\": \"Red.\"}\n{\"instruction\": \"Name a colour.\", \"response\": \"A colour is a property of light.\"}\n";

            var (exitCode, output, errors) = await RunAsync(input, "score", "--model", directory, "--device", "cpu");

            Assert.True(exitCode == 0, errors);
            var scores = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!["score"]!.GetValue<double>()).ToArray();
            Assert.Equal(2, scores.Length);
            Assert.NotEqual(scores[0], scores[1]);
            Assert.Contains("CrossEncoder", errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Quantize_ThenScore_CloseToFloat()
    {
        var vocabulary = SharedData.RequireFile("tokenizers/roberta-base/vocab.json");
        var merges = SharedData.RequireFile("tokenizers/roberta-base/merges.txt");
        var directory = Directory.CreateTempSubdirectory("cappy-quantize-").FullName;
        try
        {
            var source = Path.Combine(directory, "fp32");
            var target = Path.Combine(directory, "int8");
            RobertaOnnxGenerator.WriteModelDirectory(new RobertaModelConfig(2, 128, 4, 256, 50265, 514, 7), source, vocabulary, merges);
            var input = "{\"instruction\": \"Name a colour.\", \"response\": \"Red.\"}\n{\"instruction\": \"Name a colour.\", \"response\": \"A colour is a property of light.\"}\n";

            var (exitCode, output, errors) = await RunAsync(null, "quantize", "--model", source, "--output", target);
            var (_, floatScores, _) = await RunAsync(input, "score", "--model", source, "--device", "cpu");
            var (int8Exit, int8Scores, int8Errors) = await RunAsync(input, "score", "--model", target, "--device", "cpu");

            Assert.True(exitCode == 0, errors);
            Assert.Contains("Quantized ", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(target, "merges.txt")), "tokenizer files are copied");
            Assert.True(new FileInfo(Path.Combine(target, "model.onnx")).Length < new FileInfo(Path.Combine(source, "model.onnx")).Length);
            Assert.True(int8Exit == 0, int8Errors);
            var expected = floatScores.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!["score"]!.GetValue<double>()).ToArray();
            var actual = int8Scores.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!["score"]!.GetValue<double>()).ToArray();
            Assert.Equal(expected.Length, actual.Length);

            // Logits of this random-weight model are about 0.05; int8 error measured on such models is near 1e-3.
            Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 1e-2, $"float {pair.First}, int8 {pair.Second}"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string? input, params string[] arguments)
    {
        using var process = Process.Start(ProxyExecutable.CreateStartInfo(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static async Task WaitUntilReadyAsync(Uri address, Process process, StringBuilder log)
    {
        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"proxy exited early: {Snapshot(log)}");
            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    Assert.Equal("ready", body.GetProperty("status").GetString());
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"proxy not ready within 2 minutes: {Snapshot(log)}");
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
