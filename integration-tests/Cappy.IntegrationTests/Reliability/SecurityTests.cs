using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.Proxy.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>What reaches the upstream and the log: no hop-by-hop headers upstream, no prompt text or key in the log.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class SecurityTests(ScorerFixture scorer)
{
    [Fact]
    public async Task HopByHopHeaders_AreNotForwarded()
    {
        await using var upstream = await FakeUpstream.StartAsync((context, _, _) =>
            FakeUpstream.WriteJsonAsync(context, FakeUpstream.ChatCompletion("Hello there.")));
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = upstream.BaseAddress, UpstreamN = 1 }, scorer.Scorer);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, Encoding.UTF8.GetBytes(ProxyCalls.ChatBody("Hello")), request =>
        {
            request.Headers.Connection.Add("X-Hop-Option");
            request.Headers.TryAddWithoutValidation("X-Hop-Option", "per-connection");
            request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5, max=100");
            request.Headers.TryAddWithoutValidation("TE", "trailers");
            request.Headers.TryAddWithoutValidation("Upgrade", "h2c");
            request.Headers.ProxyAuthorization = new AuthenticationHeaderValue("Basic", "cHJveHk6c2VjcmV0");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-end-to-end");
            request.Headers.TryAddWithoutValidation("X-Request-Id", "request-42");
        });
        var headers = Assert.Single(upstream.Requests).Headers;

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.False(headers.ContainsKey("Keep-Alive"), "Keep-Alive was forwarded");
        Assert.False(headers.ContainsKey("TE"), "TE was forwarded");
        Assert.False(headers.ContainsKey("Upgrade"), "Upgrade was forwarded");
        Assert.False(headers.ContainsKey("Proxy-Authorization"), "Proxy-Authorization was forwarded");
        Assert.False(headers.ContainsKey("X-Hop-Option"), "a header named in Connection was forwarded");
        Assert.DoesNotContain("X-Hop-Option", headers.GetValueOrDefault("Connection") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Bearer sk-end-to-end", headers["Authorization"]);
        Assert.Equal("request-42", headers["X-Request-Id"]);
    }

    [Fact]
    public async Task ExecutableLog_HasNoPromptOrKey()
    {
        const string Prompt = "Describe the violet-kangaroo-lighthouse protocol in detail.";
        const string Key = "sk-log-check-7f3a9c";

        // Like some servers, this upstream echoes the prompt in its error message on every other call.
        await using var upstream = await FakeUpstream.StartAsync((context, call, request) =>
        {
            var prompt = JsonNode.Parse(request.Body)!["messages"]![0]!["content"]!.GetValue<string>();
            if (call % 2 == 1)
            {
                var error = new JsonObject { ["error"] = new JsonObject { ["message"] = $"Prompt '{prompt}' crashed the engine", ["type"] = "server_error", ["param"] = null, ["code"] = null } };
                return FakeUpstream.WriteJsonAsync(context, error, StatusCodes.Status500InternalServerError);
            }

            return FakeUpstream.WriteJsonAsync(context, FakeUpstream.ChatCompletion($"The answer to: {prompt}"));
        });
        var port = LoopbackPorts.FindUnused();
        var log = new StringBuilder();
        using var process = Process.Start(ProxyExecutable.CreateStartInfo(
            "--upstream", upstream.BaseAddress.ToString(), "--urls", $"http://127.0.0.1:{port}", "--n", "1", "--device", "cpu"))!;
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var statuses = new List<HttpStatusCode>();
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            await WaitUntilReadyAsync(address, process, log);
            using var client = ProxyCalls.CreateClient(address);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            foreach (var body in new[] { ProxyCalls.ChatBody(Prompt), ProxyCalls.ChatBody(Prompt), ProxyCalls.ChatBody(Prompt, stream: true), ProxyCalls.ChatBody(Prompt, stream: true), """{"model": "m", "n": "violet-kangaroo-lighthouse", "messages": []}""" })
            {
                statuses.Add((await ProxyCalls.PostChatAsync(client, body)).Status);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var text = Snapshot(log);
        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.Contains("responded 502", text, StringComparison.Ordinal);
        Assert.DoesNotContain("violet-kangaroo-lighthouse", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
    }

    private static async Task WaitUntilReadyAsync(Uri address, Process process, StringBuilder log)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            Assert.False(process.HasExited, $"proxy exited early: {Snapshot(log)}");
            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"proxy not ready within a minute: {Snapshot(log)}");
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
