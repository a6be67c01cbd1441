using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cappy.UpstreamSimulator;
using Microsoft.AspNetCore.Builder;

namespace Cappy.IntegrationTests.Simulator;

/// <summary>A simulator started in-process on a free loopback port, with an HTTP client bound to it.</summary>
internal sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        var app = SimulatorApp.Build(options);
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync(cancellationToken);

        // After start-up the host replaces port 0 with the port it bound.
        var address = new Uri(app.Urls.Single());
        return new SimulatorHost(app, address);
    }

    /// <summary>Posts a raw JSON body, so tests can send exactly the bytes a client would.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, CancellationToken cancellationToken = default)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Client.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, CancellationToken cancellationToken = default) =>
        PostJsonAsync(path, JsonSerializer.Serialize(body), cancellationToken);

    /// <summary>Posts a body and returns the parsed JSON response, failing the test on a non-success status.</summary>
    public async Task<JsonElement> PostForJsonAsync(string path, object body, CancellationToken cancellationToken = default)
    {
        using var response = await PostJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Xunit.Assert.True(response.IsSuccessStatusCode, $"{path} returned {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        var text = await Client.GetStringAsync(new Uri("/sim/stats", UriKind.Relative), cancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
