using System.Net;
using System.Text;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>Clusters of several model servers: load balancing, health checks, and cancellation of upstream calls.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class LoadBalancingTests(ScorerFixture scorer) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-cluster-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static StringContent ChatBody() =>
        new("""{"model": "m", "messages": [{"role": "user", "content": "Hello"}]}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task ActiveHealthCheck_AvoidsDeadReplica()
    {
        await using var alive = await SimulatorHost.StartAsync(new SimulatorOptions());
        var dead = new Uri($"http://127.0.0.1:{LoopbackPorts.FindUnused()}/");
        await File.WriteAllTextAsync(Path.Combine(_directory, "routes.json"), $$"""
            {
              "ReverseProxy": {
                "Routes": { "r": { "ClusterId": "c", "Match": { "Path": "/v1/{**rest}" }, "Rerank": { "N": 2 } } },
                "Clusters": {
                  "c": {
                    "LoadBalancingPolicy": "RoundRobin",
                    "HealthCheck": {
                      "Active": { "Enabled": true, "Interval": "00:00:00.5", "Timeout": "00:00:01", "Policy": "ConsecutiveFailures", "Path": "/v1/models" }
                    },
                    "Metadata": { "ConsecutiveFailuresHealthPolicy.Threshold": "1" },
                    "Destinations": { "alive": { "Address": "{{alive.BaseAddress}}" }, "dead": { "Address": "{{dead}}" } }
                  }
                }
              }
            }
            """);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = _directory }, scorer.Scorer);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var chat = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), ChatBody());
            using var models = await proxy.Http.GetAsync(new Uri("/v1/models", UriKind.Relative));
            statuses.Add(chat.StatusCode);
            statuses.Add(models.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task PassiveHealthCheck_DropsFailingReplica()
    {
        // No active checks: only the reranker's own failed upstream calls can mark the dead replica unhealthy.
        await using var alive = await SimulatorHost.StartAsync(new SimulatorOptions());
        var dead = new Uri($"http://127.0.0.1:{LoopbackPorts.FindUnused()}/");
        await File.WriteAllTextAsync(Path.Combine(_directory, "routes.json"), $$"""
            {
              "ReverseProxy": {
                "Routes": { "r": { "ClusterId": "c", "Match": { "Path": "/v1/{**rest}" }, "Rerank": { "N": 2 } } },
                "Clusters": {
                  "c": {
                    "LoadBalancingPolicy": "RoundRobin",
                    "HealthCheck": { "Passive": { "Enabled": true, "Policy": "TransportFailureRate", "ReactivationPeriod": "00:10:00" } },
                    "Metadata": { "TransportFailureRateHealthPolicy.RateLimit": "0.3" },
                    "Destinations": { "alive": { "Address": "{{alive.BaseAddress}}" }, "dead": { "Address": "{{dead}}" } }
                  }
                }
              }
            }
            """);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = _directory }, scorer.Scorer);

        // Round robin sends every second request to the dead replica until the failure rate (0.5) over at least
        // YARP's minimum of 10 requests passes the 0.3 limit.
        var warmUp = new List<HttpStatusCode>();
        for (var i = 0; i < 24; i++)
        {
            using var response = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), ChatBody());
            warmUp.Add(response.StatusCode);
        }

        var after = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), ChatBody());
            after.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.BadGateway, warmUp);
        Assert.All(after, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task ClientDisconnect_CancelsEveryUpstreamCall()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { NMode = NMode.Reject, LatencyMs = 1500 });
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = simulator.BaseAddress, UpstreamN = 4 }, scorer.Scorer);

        // The first request teaches the proxy that this upstream rejects n, so the next one makes 4 parallel calls.
        using (var first = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), ChatBody()))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), ChatBody(), cancellation.Token));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        var aborted = 0;
        while (DateTime.UtcNow < deadline && aborted < 4)
        {
            await Task.Delay(200);
            aborted = (await simulator.GetStatsAsync()).GetProperty("aborted").GetInt32();
        }

        Assert.Equal(4, aborted);
    }
}
