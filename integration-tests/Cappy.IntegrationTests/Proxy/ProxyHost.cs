using System.ClientModel;
using System.ClientModel.Primitives;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Microsoft.AspNetCore.Builder;
using OpenAI;
using OpenAI.Chat;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>The proxy started in-process on a free loopback port, with clients bound to it.</summary>
internal sealed class ProxyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    /// <summary>A plain client, for requests the OpenAI SDK cannot make (legacy completions, raw streams).</summary>
    public HttpClient Http { get; }

    public static async Task<ProxyHost> StartAsync(ProxySettings settings, IScorer scorer)
    {
        var scorers = new ScorerRegistry(new Dictionary<string, IScorer> { [ScorerRegistry.DefaultName] = scorer }, ownsScorers: false);
        return await StartAsync(settings, scorers);
    }

    /// <summary>Starts the proxy with several named scorers; the caller keeps ownership of them.</summary>
    public static async Task<ProxyHost> StartAsync(ProxySettings settings, ScorerRegistry scorers)
    {
        var app = ProxyApplication.Build(settings with { Urls = "http://127.0.0.1:0" }, scorers);
        await app.StartAsync();
        return new ProxyHost(app, new Uri(app.Urls.Single()));
    }

    /// <summary>The real OpenAI SDK pointed at the proxy, with retries off so a status reaches the test as sent.</summary>
    public OpenAIClientOptions ClientOptions => new()
    {
        Endpoint = new Uri(BaseAddress, "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = TimeSpan.FromMinutes(2),
    };

    public ChatClient Chat(string model = "simulated-model") => new(model, new ApiKeyCredential("sk-test-key"), ClientOptions);

    /// <summary>Stops the proxy as a shutdown signal would: in-flight requests finish, new connections are refused.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
