using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.Proxy.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>
/// Upstream faults, each from a fake upstream over real HTTP. The client gets an OpenAI-shaped error with a clear
/// status, or a valid response built from what did arrive. It never gets a 500 and never waits without end.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class UpstreamFaultTests(ScorerFixture scorer)
{
    private async Task<ProxyHost> StartProxyAsync(FakeUpstream upstream, int n = 1) =>
        await ProxyHost.StartAsync(new ProxySettings { Upstream = upstream.BaseAddress, UpstreamN = n }, scorer.Scorer);

    [Fact]
    public async Task ConnectionAbortedMidBody_Returns502()
    {
        await using var upstream = await FakeUpstream.StartAsync(async (context, _, _) =>
        {
            var json = FakeUpstream.ChatCompletion("a complete answer").ToJsonString();
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = json.Length;
            await context.Response.WriteAsync(json[..(json.Length / 2)]);
            await context.Response.Body.FlushAsync();
            context.Abort();
        });
        await using var proxy = await StartProxyAsync(upstream);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Hello"));

        Assert.Equal(HttpStatusCode.BadGateway, reply.Status);
        Assert.Equal("upstream_error", OpenAIErrorAssert.WellFormed(reply.Body).GetProperty("type").GetString());
    }

    [Fact]
    public async Task BodyStalledPastRouteTimeout_Returns504()
    {
        await using var upstream = await FakeUpstream.StartAsync(async (context, _, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"id\": ");
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        using var routes = RouteDirectory.Create(upstream.BaseAddress, """{ "N": 1, "TimeoutSeconds": 0.5 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Hello"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, reply.Status);
        Assert.Equal("upstream_timeout", OpenAIErrorAssert.WellFormed(reply.Body).GetProperty("code").GetString());
    }

    [Fact]
    public async Task RateLimited_PassesRetryAfterThrough()
    {
        var error = new JsonObject { ["error"] = new JsonObject { ["message"] = "Rate limit reached", ["type"] = "rate_limit_error", ["param"] = null, ["code"] = "rate_limit_exceeded" } };
        await using var upstream = await FakeUpstream.StartAsync((context, _, _) =>
        {
            context.Response.Headers.RetryAfter = "7";
            return FakeUpstream.WriteJsonAsync(context, error, StatusCodes.Status429TooManyRequests);
        });
        await using var proxy = await StartProxyAsync(upstream);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Hello"));

        Assert.Equal(HttpStatusCode.TooManyRequests, reply.Status);
        Assert.Equal("7", reply.RetryAfter);
        Assert.Equal("rate_limit_exceeded", OpenAIErrorAssert.WellFormed(reply.Body).GetProperty("code").GetString());
    }

    [Fact]
    public async Task FanOutHalfFailing_RanksSuccessfulCalls()
    {
        await using var upstream = await FakeUpstream.StartAsync(async (context, call, request) =>
        {
            var body = JsonNode.Parse(request.Body)!;
            if (body["n"] is not null)
            {
                var rejection = new JsonObject { ["error"] = new JsonObject { ["message"] = "n must be 1", ["type"] = "invalid_request_error", ["param"] = "n", ["code"] = null } };
                await FakeUpstream.WriteJsonAsync(context, rejection, StatusCodes.Status400BadRequest);
                return;
            }

            if (call % 2 == 1)
            {
                var failure = new JsonObject { ["error"] = new JsonObject { ["message"] = "engine crashed", ["type"] = "server_error", ["param"] = null, ["code"] = null } };
                await FakeUpstream.WriteJsonAsync(context, failure, StatusCodes.Status500InternalServerError);
                return;
            }

            await FakeUpstream.WriteJsonAsync(context, FakeUpstream.ChatCompletion($"answer from call {call}"));
        });
        await using var proxy = await StartProxyAsync(upstream, n: 4);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Name a colour."));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("2", reply.Candidates);
        Assert.Matches("^answer from call [24]$", reply.ChatContent);
        Assert.Equal(5, upstream.Requests.Count);
    }

    [Fact]
    public async Task NonJsonBodyWithStatus200_Returns502()
    {
        await using var upstream = await FakeUpstream.StartAsync((context, _, _) =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<html><body>Bad gateway at the load balancer</body></html>");
        });
        await using var proxy = await StartProxyAsync(upstream);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Hello"));

        Assert.Equal(HttpStatusCode.BadGateway, reply.Status);
        Assert.Equal("upstream_failed", OpenAIErrorAssert.WellFormed(reply.Body).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ErrorEventAfterStatus200_ReturnsUpstreamFailed(bool stream)
    {
        // Some servers respond 200 with an event stream and report a failure as a data event, even when the request
        // did not ask for a stream.
        await using var upstream = await FakeUpstream.StartAsync(async (context, _, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Par\"}}]}\n\n");
            await context.Response.WriteAsync("data: {\"error\":{\"message\":\"engine crashed\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
        });
        await using var proxy = await StartProxyAsync(upstream);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Hello", stream));

        if (stream)
        {
            // The stream's status line may already be sent, so the error arrives as its payload.
            var events = reply.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var error = events.First(line => line.StartsWith("data: {", StringComparison.Ordinal))["data: ".Length..];
            Assert.Equal("upstream_failed", OpenAIErrorAssert.WellFormed(error).GetProperty("code").GetString());
            Assert.DoesNotContain(events, line => line.Contains("chat.completion.chunk", StringComparison.Ordinal));
            Assert.Equal("data: [DONE]", events[^1]);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadGateway, reply.Status);
            Assert.Equal("upstream_failed", OpenAIErrorAssert.WellFormed(reply.Body).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task EmptyChoices_Returns502()
    {
        await using var upstream = await FakeUpstream.StartAsync((context, _, _) => FakeUpstream.WriteJsonAsync(context, FakeUpstream.ChatCompletion()));
        await using var proxy = await StartProxyAsync(upstream);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Hello"));

        Assert.Equal(HttpStatusCode.BadGateway, reply.Status);
        Assert.Equal("upstream_failed", OpenAIErrorAssert.WellFormed(reply.Body).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("duplicate")]
    public async Task ChoiceIndexesMissingOrDuplicate_ReturnsValidAnswer(string indexes)
    {
        string[] texts = ["The sky is blue.", "Grass is green.", "Snow is white."];
        await using var upstream = await FakeUpstream.StartAsync((context, _, _) =>
        {
            var completion = FakeUpstream.ChatCompletion(texts);
            foreach (var choice in completion["choices"]!.AsArray().OfType<JsonObject>())
            {
                if (indexes == "missing")
                {
                    choice.Remove("index");
                }
                else
                {
                    choice["index"] = 0;
                }
            }

            return FakeUpstream.WriteJsonAsync(context, completion);
        });
        await using var proxy = await StartProxyAsync(upstream, n: 3);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);
        var body = JsonNode.Parse(ProxyCalls.ChatBody("What colour is the sky?"))!;
        body["n"] = 2;

        var reply = await ProxyCalls.PostChatAsync(client, body.ToJsonString());
        var choices = JsonNode.Parse(reply.Body)!["choices"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(2, choices.Count);
        Assert.Equal(0, choices[0]!["index"]!.GetValue<int>());
        Assert.Equal(1, choices[1]!["index"]!.GetValue<int>());
        Assert.Contains(choices[0]!["message"]!["content"]!.GetValue<string>(), texts);
        Assert.Contains(choices[1]!["message"]!["content"]!.GetValue<string>(), texts);
        Assert.NotEqual(choices[0]!["message"]!["content"]!.GetValue<string>(), choices[1]!["message"]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MultiByteCharacterSplitAcrossWrites_ArrivesIntact(bool stream)
    {
        const string Text = "Grüße aus Köln: 日本語のテキスト 🎉 fertig.";
        await using var upstream = await FakeUpstream.StartAsync(async (context, _, _) =>
        {
            // The text goes in unescaped, as UTF-8 bytes: System.Text.Json would escape the emoji as \uD83C\uDF89.
            var json = FakeUpstream.ChatCompletion("TEXT").ToJsonString().Replace("\"TEXT\"", $"\"{Text}\"", StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;

            // Each write ends one byte into a multi-byte character: "ü" (2 bytes), "日" (3 bytes), "🎉" (4 bytes).
            var cuts = new[] { "ü", "日", "🎉" }.Select(character => SplitPoint(bytes, character)).ToList();
            var start = 0;
            foreach (var cut in cuts.Append(bytes.Length))
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(start, cut - start));
                await context.Response.Body.FlushAsync();
                await Task.Delay(20);
                start = cut;
            }
        });
        await using var proxy = await StartProxyAsync(upstream);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var reply = await ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Greet me.", stream));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        Assert.Equal(Text, stream ? ProxyCalls.ReadStreamedContent(reply.Body) : reply.ChatContent);
    }

    [Fact]
    public async Task GracefulShutdown_FinishesInFlightAndRefusesNew()
    {
        await using var upstream = await FakeUpstream.StartAsync(async (context, _, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await FakeUpstream.WriteJsonAsync(context, FakeUpstream.ChatCompletion("finished after shutdown began"));
        });
        await using var proxy = await StartProxyAsync(upstream);
        using var client = ProxyCalls.CreateClient(proxy.BaseAddress);

        var inFlight = ProxyCalls.PostChatAsync(client, ProxyCalls.ChatBody("Hello"));
        var waited = TimeSpan.Zero;
        while (upstream.Requests.IsEmpty && waited < ProxyCalls.Timeout)
        {
            await Task.Delay(20);
            waited += TimeSpan.FromMilliseconds(20);
        }

        await proxy.StopAsync();
        var reply = await inFlight;

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("finished after shutdown began", reply.ChatContent);
        using var fresh = ProxyCalls.CreateClient(proxy.BaseAddress);
        await Assert.ThrowsAsync<HttpRequestException>(() => ProxyCalls.PostChatAsync(fresh, ProxyCalls.ChatBody("Hello again")));
    }

    /// <summary>Returns the offset one byte into the first occurrence of <paramref name="character"/>'s UTF-8 bytes.</summary>
    private static int SplitPoint(byte[] bytes, string character)
    {
        var encoded = Encoding.UTF8.GetBytes(character);
        var offset = bytes.AsSpan().IndexOf(encoded);
        Assert.True(offset >= 0, $"{character} not found in the response body");
        return offset + 1;
    }
}
