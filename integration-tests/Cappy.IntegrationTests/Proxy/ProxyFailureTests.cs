using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.UpstreamSimulator;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI.Chat;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>
/// Failures on the reranking path, each through real HTTP: the client gets an OpenAI-shaped error with the
/// documented status, or a degraded but valid response, and never a bare 500.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class ProxyFailureTests(ScorerFixture scorer)
{
    private static JsonElement ReadError(ClientResultException exception) =>
        JsonDocument.Parse(exception.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");

    [Fact]
    public async Task UnreachableUpstream_Returns502()
    {
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = new Uri($"http://127.0.0.1:{LoopbackPorts.FindUnused()}/") }, scorer.Scorer);

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => proxy.Chat().CompleteChatAsync([new UserChatMessage("Hello")]));

        Assert.Equal(502, exception.Status);
        var error = ReadError(exception);
        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
        Assert.Equal("upstream_unreachable", error.GetProperty("code").GetString());
        Assert.Contains("unreachable", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UnreachableUpstream_PassThroughGetsOpenAIError()
    {
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = new Uri($"http://127.0.0.1:{LoopbackPorts.FindUnused()}/") }, scorer.Scorer);

        using var response = await proxy.Http.GetAsync(new Uri("/v1/models", UriKind.Relative));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("upstream_error", error["type"]!.GetValue<string>());
        Assert.Equal("upstream_unreachable", error["code"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task SlowUpstream_Returns504AfterRouteTimeout()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath(), LatencyMs = 5000 });
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 2, "TimeoutSeconds": 0.5 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => proxy.Chat().CompleteChatAsync([new UserChatMessage("Hello")]));

        Assert.Equal(504, exception.Status);
        Assert.Equal("upstream_timeout", ReadError(exception).GetProperty("code").GetString());
    }

    [SkippableFact]
    public async Task UpstreamClientError_PassesThroughAsSent()
    {
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var body = """{"model": "m", "max_tokens": 0, "messages": [{"role": "user", "content": "Hello"}]}""";

        var exception = await Assert.ThrowsAsync<ClientResultException>(() =>
            stack.Proxy.Chat().CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(body)), new RequestOptions()));

        // The simulator, like vLLM, rejects max_tokens 0; the proxy returns its 400 unchanged.
        Assert.Equal(400, exception.Status);
        var error = ReadError(exception);
        Assert.Equal("max_tokens", error.GetProperty("param").GetString());
    }

    [SkippableFact]
    public async Task BodyOverLimit_Returns413()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        var settings = new ProxySettings { Upstream = simulator.BaseAddress, Limits = new() { MaxRequestBodyBytes = 1024 } };
        await using var proxy = await ProxyHost.StartAsync(settings, scorer.Scorer);

        var exception = await Assert.ThrowsAsync<ClientResultException>(() =>
            proxy.Chat().CompleteChatAsync([new UserChatMessage(new string('x', 4096))]));

        Assert.Equal(413, exception.Status);
        Assert.Equal("request_too_large", ReadError(exception).GetProperty("code").GetString());
        Assert.Equal(0, (await simulator.GetStatsAsync()).GetProperty("requests").GetInt32());
    }

    [SkippableFact]
    public async Task RouteBodyLimit_OverridesGlobal()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 2, "MaxRequestBodyBytes": 512 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        var tooLarge = await Assert.ThrowsAsync<ClientResultException>(() => proxy.Chat().CompleteChatAsync([new UserChatMessage(new string('x', 1024))]));
        var small = await proxy.Chat().CompleteChatAsync([new UserChatMessage("Hello")]);

        Assert.Equal(413, tooLarge.Status);
        Assert.Contains("MaxRequestBodyBytes", ReadError(tooLarge).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, small.GetRawResponse().Status);
    }

    [SkippableFact]
    public async Task FailingScorer_ReturnsFirstCandidateMarkedDegraded()
    {
        var item = (await ScoredInstruction.LoadAsync())[2];

        // A real scorer that fails on every call: its ONNX Runtime session is already disposed.
        var broken = ScorerFactory.Create(new ScorerOptions { ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
        broken.Dispose();
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = simulator.BaseAddress, UpstreamN = 8 }, broken);

        var result = await proxy.Chat().CompleteChatAsync([new UserChatMessage(item.Instruction)]);
        var headers = result.GetRawResponse().Headers;

        Assert.Equal(200, result.GetRawResponse().Status);
        Assert.Equal(item.Outputs[0], result.Value.Content[0].Text);
        Assert.True(headers.TryGetValue("x-cappy-degraded", out var degraded));
        Assert.Equal("scorer-error", degraded);
        Assert.False(headers.TryGetValue("x-cappy-score", out _));
    }

    [SkippableFact]
    public async Task UnknownPath_Returns404InOpenAIShape()
    {
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);

        using var response = await stack.Proxy.Http.GetAsync(new Uri("/v2/nothing", UriKind.Relative));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", error["code"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task StreamingWithSlowUpstream_SendsKeepAliveCommentsOnly()
    {
        var item = (await ScoredInstruction.LoadAsync())[3];
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath(), LatencyMs = 1500 });
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 8, "KeepAliveSeconds": 0.25 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);
        var body = new JsonObject
        {
            ["model"] = "m",
            ["stream"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = item.Instruction }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };

        using var response = await proxy.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(": keepalive", lines);
        Assert.All(lines, line => Assert.True(line.StartsWith("data: ", StringComparison.Ordinal) || line.StartsWith(": ", StringComparison.Ordinal), $"unexpected SSE line: {line}"));
        Assert.Equal("data: [DONE]", lines[^1]);
        var content = string.Concat(lines
            .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line["data: ".Length..])!["choices"]!.AsArray())
            .Where(choices => choices.Count > 0)
            .Select(choices => choices[0]!["delta"]!["content"]?.GetValue<string>()));
        Assert.Equal(item.Best, content);
    }

    [SkippableFact]
    public async Task StreamingUpstreamError_ArrivesAsDataEvent()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath(), FailEvery = 1 });
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = simulator.BaseAddress }, scorer.Scorer);
        var body = """{"model": "m", "stream": true, "messages": [{"role": "user", "content": "Hello"}]}""";

        using var response = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // The status was sent before the upstream failed, so the error is the stream's payload.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = JsonNode.Parse(lines.First(line => line.StartsWith("data: {", StringComparison.Ordinal))["data: ".Length..])!["error"]!;
        Assert.Equal("upstream_failed", error["code"]!.GetValue<string>());
        Assert.Equal("data: [DONE]", lines[^1]);
    }
}
