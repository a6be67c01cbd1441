using System.Collections.Concurrent;
using System.Text;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.UpstreamSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OpenAI.Chat;
using Xunit;

namespace Cappy.IntegrationTests.Observability;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the proxy sends its spans over OTLP/HTTP to a collector stand-in
/// on loopback. The request bodies are protobuf, in which span names and string tags appear as UTF-8 bytes.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class OtlpExportTests(ScorerFixture scorer)
{
    private static readonly Dictionary<string, string> OtlpSettings = new()
    {
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",

        // Milliseconds between batch exports; the default of 5000 would slow the test.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
    };

    [SkippableFact]
    public async Task OtlpEndpointSet_ExportsRerankSpansWithoutText()
    {
        var (instruction, outputs) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        var exports = new ConcurrentQueue<byte[]>();
        await using var collector = await StartCollectorAsync(exports);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });

        // The proxy reads these variables while it is built; other proxy tests never run at the same time.
        var settings = OtlpSettings.Append(new("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Urls.Single())).ToArray();
        ProxyHost proxy;
        try
        {
            foreach (var (name, value) in settings)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = simulator.BaseAddress, UpstreamN = 8 }, scorer.Scorer);
        }
        finally
        {
            foreach (var (name, _) in settings)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        await using (proxy)
        {
            await proxy.Chat().CompleteChatAsync([new UserChatMessage(instruction)]);
            var exported = await WaitForTextAsync(exports, "cappy.rerank");

            Assert.Contains("cappy.rerank", exported, StringComparison.Ordinal);
            Assert.Contains("cappy.upstream_call", exported, StringComparison.Ordinal);
            Assert.Contains("cappy.score", exported, StringComparison.Ordinal);
            Assert.DoesNotContain(instruction, exported, StringComparison.Ordinal);
            Assert.DoesNotContain(outputs, output => exported.Contains(output, StringComparison.Ordinal));
        }
    }

    /// <summary>Starts an OTLP/HTTP trace receiver that keeps each request body and returns an empty response.</summary>
    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<byte[]> exports)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var collector = builder.Build();
        collector.MapPost("/v1/traces", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            exports.Enqueue(body.ToArray());
            context.Response.ContentType = "application/x-protobuf";
        });
        await collector.StartAsync();
        return collector;
    }

    /// <summary>Returns every export so far as one string once it contains <paramref name="expected"/>, or after 15 s.</summary>
    private static async Task<string> WaitForTextAsync(ConcurrentQueue<byte[]> exports, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            // Protobuf bytes that are not UTF-8 decode to replacement characters, which no assertion looks for.
            var text = string.Join('\n', exports.Select(Encoding.UTF8.GetString));
            if (text.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(100);
        }
    }
}
