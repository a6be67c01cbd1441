using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>Route file edits take effect without a restart; invalid edits leave the last valid files in force.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class HotReloadTests(ScorerFixture scorer)
{
    private static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(20);

    private static async Task<int> CountCandidatesAsync(ProxyHost proxy)
    {
        var body = """{"model": "m", "messages": [{"role": "user", "content": "Say something."}]}""";
        using var response = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return int.Parse(response.Headers.GetValues("x-cappy-candidates").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> WaitForCandidatesAsync(ProxyHost proxy, int expected)
    {
        var deadline = DateTime.UtcNow + ReloadWait;
        while (DateTime.UtcNow < deadline)
        {
            if (await CountCandidatesAsync(proxy) == expected)
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    [Fact]
    public async Task EditedRouteFile_TakesEffectWithoutRestart()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 2 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);
        Assert.Equal(2, await CountCandidatesAsync(proxy));

        routes.Write(simulator.BaseAddress, """{ "N": 3 }""");

        Assert.True(await WaitForCandidatesAsync(proxy, 3), "the edit to N did not take effect");
    }

    [Fact]
    public async Task InvalidEdit_KeepsLastValidFiles()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 2 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        routes.Write(simulator.BaseAddress, """{ "N": 0 }""");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var afterInvalid = await CountCandidatesAsync(proxy);
        routes.Write(simulator.BaseAddress, """{ "N": 5 }""");

        Assert.Equal(2, afterInvalid);
        Assert.True(await WaitForCandidatesAsync(proxy, 5), "a valid edit after an invalid one did not take effect");
    }

    [Fact]
    public async Task ReloadNamingUnloadedScorer_AnswersUnranked()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 2 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        // A valid file whose new scorer was not loaded at start-up: scorers load only then.
        await File.WriteAllTextAsync(Path.Combine(routes.Path, "routes.json"), $$"""
            {
              "Scorers": { "late": { "Model": "/models/late" } },
              "ReverseProxy": {
                "Routes": { "test": { "ClusterId": "test", "Match": { "Path": "/v1/{**rest}" }, "Rerank": { "N": 3, "Scorer": "late" } } },
                "Clusters": { "test": { "Destinations": { "sim": { "Address": "{{simulator.BaseAddress}}" } } } }
              }
            }
            """);
        Assert.True(await WaitForCandidatesAsync(proxy, 3), "the edit did not take effect");

        var body = """{"model": "m", "messages": [{"role": "user", "content": "Say something."}]}""";
        using var response = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("scorer-error", response.Headers.GetValues("x-cappy-degraded").Single());
    }

    [Fact]
    public async Task InFlightRequest_FinishesOnItsConfiguration()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { LatencyMs = 3000 });
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 2 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        var inFlight = CountCandidatesAsync(proxy);
        await Task.Delay(500);
        routes.Write(simulator.BaseAddress, """{ "N": 4 }""");

        Assert.Equal(2, await inFlight);
        Assert.True(await WaitForCandidatesAsync(proxy, 4), "the edit did not take effect after the in-flight request");
    }
}
