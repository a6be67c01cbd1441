using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>
/// A small OpenAI-like upstream on a free loopback port, for faults the simulator cannot produce. The test maps
/// the handlers; every request to <c>/v1/chat/completions</c> is recorded with its headers and body first.
/// </summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    public const string ChatPath = "/v1/chat/completions";

    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every chat request received, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Starts an upstream whose chat endpoint runs <paramref name="handler"/> with the call number (0-based) and the recorded request.</summary>
    public static async Task<FakeUpstream> StartAsync(Func<HttpContext, int, RecordedRequest, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeUpstream? upstream = null;
        var calls = 0;
        app.MapPost(ChatPath, async context =>
        {
            var call = Interlocked.Increment(ref calls) - 1;
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var recorded = new RecordedRequest(headers, body);
            upstream!.Requests.Enqueue(recorded);
            await handler(context, call, recorded);
        });
        await app.StartAsync();
        upstream = new FakeUpstream(app, new Uri(app.Urls.Single()));
        return upstream;
    }

    /// <summary>Builds a chat completion body with one choice per text, indexed 0…k−1.</summary>
    public static JsonObject ChatCompletion(params string[] texts)
    {
        var choices = new JsonArray();
        for (var i = 0; i < texts.Length; i++)
        {
            choices.Add(new JsonObject
            {
                ["index"] = i,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = texts[i] },
                ["finish_reason"] = "stop",
            });
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1,
            ["model"] = "fake-model",
            ["choices"] = choices,
            ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = texts.Length, ["total_tokens"] = 3 + texts.Length },
        };
    }

    /// <summary>Writes <paramref name="body"/> as a 200 JSON response.</summary>
    public static Task WriteJsonAsync(HttpContext context, JsonNode body, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
