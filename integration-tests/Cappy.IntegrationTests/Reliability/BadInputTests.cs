using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.Proxy.Hosting;
using Xunit;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>
/// Invalid request bodies on a reranking route, sent as raw bytes: each gets a 4xx OpenAI error before any upstream
/// call, never a 500. A fuzz test mutates valid requests and checks the same for every response.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class BadInputTests(ScorerFixture scorer)
{
    private const long MaxBodyBytes = 64 * 1024;

    private async Task<(FakeUpstream Upstream, ProxyHost Proxy)> StartAsync()
    {
        var upstream = await FakeUpstream.StartAsync((context, _, _) =>
            FakeUpstream.WriteJsonAsync(context, FakeUpstream.ChatCompletion("Paris is the capital of France.", "It is Paris.")));
        var settings = new ProxySettings { Upstream = upstream.BaseAddress, UpstreamN = 2, Limits = new() { MaxRequestBodyBytes = MaxBodyBytes } };
        return (upstream, await ProxyHost.StartAsync(settings, scorer.Scorer));
    }

    public static TheoryData<string, string, int, string?> InvalidBodies => new()
    {
        { "invalid JSON", """{"model": "m", "messages": [""", 400, null },
        { "not an object", """[1, 2, 3]""", 400, null },
        { "messages a number", """{"model": "m", "messages": 5}""", 400, "messages" },
        { "messages missing", """{"model": "m"}""", 400, "messages" },
        { "stream a string", """{"model": "m", "stream": "yes", "messages": [{"role": "user", "content": "Hi"}]}""", 400, "stream" },
        { "n a string", """{"model": "m", "n": "2", "messages": [{"role": "user", "content": "Hi"}]}""", 400, "n" },
        { "n zero", """{"model": "m", "n": 0, "messages": [{"role": "user", "content": "Hi"}]}""", 400, "n" },
        { "n negative", """{"model": "m", "n": -1, "messages": [{"role": "user", "content": "Hi"}]}""", 400, "n" },
        { "n a billion", """{"model": "m", "n": 1000000000, "messages": [{"role": "user", "content": "Hi"}]}""", 400, "n" },
        { "n fractional", """{"model": "m", "n": 1.5, "messages": [{"role": "user", "content": "Hi"}]}""", 400, "n" },
        { "message without role", """{"model": "m", "messages": [{"content": "Hi"}]}""", 400, "messages[0]" },
        { "nested 10000 deep", """{"model": "m", "messages": [{"role": "user", "content": "Hi"}], "metadata": """ + new string('[', 10_000) + new string(']', 10_000) + "}", 400, null },
        { "body over limit", ProxyCalls.ChatBody(new string('x', (int)MaxBodyBytes)), 413, null },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task InvalidBody_ReturnsOpenAIError(string name, string body, int status, string? param)
    {
        var (upstream, proxy) = await StartAsync();
        await using var upstreamScope = upstream;
        await using var proxyScope = proxy;
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, body);
        var error = OpenAIErrorAssert.WellFormed(reply.Body);

        Assert.True(status == (int)reply.Status, $"{name}: expected {status}, got {(int)reply.Status}: {reply.Body}");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }

        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task NonUtf8Bytes_Returns400()
    {
        var (upstream, proxy) = await StartAsync();
        await using var upstreamScope = upstream;
        await using var proxyScope = proxy;
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        // 0xC3 0x28 is an invalid two-byte sequence, and 0xFF never occurs in UTF-8.
        var body = Encoding.UTF8.GetBytes("""{"model": "m", "messages": [{"role": "user", "content": "caf__"}]}""");
        var at = Array.IndexOf(body, (byte)'_');
        body[at] = 0xC3;
        body[at + 1] = 0x28;
        var reply = await ProxyCalls.PostChatAsync(client, body);
        body[at] = 0xFF;
        var second = await ProxyCalls.PostChatAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalid_json", OpenAIErrorAssert.WellFormed(reply.Body).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("invalid_json", OpenAIErrorAssert.WellFormed(second.Body).GetProperty("code").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task UnknownFields_ReachUpstreamUnchanged()
    {
        var (upstream, proxy) = await StartAsync();
        await using var upstreamScope = upstream;
        await using var proxyScope = proxy;
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);
        var extra = new JsonObject { ["mode"] = "fast", ["weights"] = new JsonArray(1, 2.5, null), ["nested"] = new JsonObject { ["deep"] = true } };
        var body = JsonNode.Parse(ProxyCalls.ChatBody("What is the capital of France?"))!;
        body["vendor_options"] = extra.DeepClone();
        body["top_k"] = 40;

        var reply = await ProxyCalls.PostChatAsync(client, body.ToJsonString());
        var received = JsonNode.Parse(Assert.Single(upstream.Requests).Body)!;

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(JsonNode.DeepEquals(extra, received["vendor_options"]), received.ToJsonString());
        Assert.Equal(40, received["top_k"]!.GetValue<int>());
    }

    [Fact]
    public async Task MutatedRequests_NeverFailWithServerError()
    {
        var (upstream, proxy) = await StartAsync();
        await using var upstreamScope = upstream;
        await using var proxyScope = proxy;
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);
        var seeds = new[]
        {
            ProxyCalls.ChatBody("What is the capital of France?"),
            ProxyCalls.ChatBody("Name a prime number.", stream: true),
            """{"model": "m", "n": 2, "temperature": 0.7, "response_format": {"type": "json_object"}, "stream_options": {"include_usage": true}, "stream": true, "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": [{"type": "text", "text": "Hi"}]}]}""",
        }.Select(Encoding.UTF8.GetBytes).ToArray();
        var random = new Random(20261204);
        var budget = Stopwatch.StartNew();
        var iterations = 0;

        while (iterations < 300 && budget.Elapsed < TimeSpan.FromSeconds(30))
        {
            var body = RequestMutator.Mutate(seeds[random.Next(seeds.Length)], random);
            var reply = await ProxyCalls.PostChatAsync(client, body);
            var sent = Encoding.UTF8.GetString(body);

            Assert.True((int)reply.Status < 500, $"status {(int)reply.Status} for body {sent}: {reply.Body}");
            if (reply.Status != HttpStatusCode.OK)
            {
                OpenAIErrorAssert.WellFormed(reply.Body);
            }

            iterations++;
        }

        Assert.True(iterations >= 50, $"only {iterations} mutated requests ran within the time budget");
    }
}
