using System.ClientModel;
using System.Text;
using Cappy.IntegrationTests.Proxy;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using DotNet.Testcontainers.Networks;
using OpenAI;
using OpenAI.Chat;
using Xunit;

namespace Cappy.IntegrationTests.Containers;

/// <summary>
/// The cpu image built from the Dockerfile, run beside the upstream simulator's image on one Docker network.
/// Skipped with the reason when no Docker engine responds.
/// </summary>
public sealed class ProxyImageTests
{
    private const string RouteFile = """
        {
          "ReverseProxy": {
            "Routes": { "sim": { "ClusterId": "sim", "Match": { "Path": "/v1/{**rest}" }, "Rerank": { "Enabled": true, "N": 4 } } },
            "Clusters": { "sim": { "Destinations": { "sim": { "Address": "http://simulator:8000/" } } } }
          }
        }
        """;

    [SkippableFact]
    public async Task CpuImage_WithSimulator_ServesRerankedChat()
    {
        Skip.If(DockerEngine.UnavailableReason is not null, DockerEngine.UnavailableReason);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var root = RepositoryFiles.Root;

        var proxyImage = new ImageFromDockerfileBuilder()
            .WithDockerfileDirectory(root)
            .WithDockerfile("Dockerfile")
            .WithTarget("cpu")
            .WithName("cappy-proxy-test:cpu")
            .WithDeleteIfExists(true)
            .Build();
        var simulatorImage = new ImageFromDockerfileBuilder()
            .WithDockerfileDirectory(root)
            .WithDockerfile("integration-tests/UpstreamSimulator/Dockerfile")
            .WithName("cappy-upstream-simulator-test:latest")
            .WithDeleteIfExists(true)
            .Build();
        await proxyImage.CreateAsync(timeout.Token);
        await simulatorImage.CreateAsync(timeout.Token);

        await using var network = new NetworkBuilder().Build();
        await using var simulator = new ContainerBuilder(simulatorImage)
            .WithNetwork(network)
            .WithNetworkAliases("simulator")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(8000).ForPath("/v1/models")))
            .Build();
        await using var proxy = new ContainerBuilder(proxyImage)
            .WithNetwork(network)
            .WithPortBinding(8080, assignRandomHostPort: true)
            .WithResourceMapping(Encoding.UTF8.GetBytes(RouteFile), FilePath.Of("/app/config/routes.json"))
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(8080).ForPath("/readyz")))
            .Build();
        await simulator.StartAsync(timeout.Token);
        await proxy.StartAsync(timeout.Token);

        var endpoint = new Uri($"http://{proxy.Hostname}:{proxy.GetMappedPublicPort(8080)}/v1");
        var chat = new ChatClient("simulated-model", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = endpoint });
        var result = await chat.CompleteChatAsync([new UserChatMessage("Name three primary colours.")], cancellationToken: timeout.Token);

        Assert.False(string.IsNullOrEmpty(Assert.Single(result.Value.Content).Text), "the completion has no text");
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-cappy-candidates", out var candidates), "no x-cappy-candidates header");
        Assert.Equal("4", candidates);
        var (output, errors) = await proxy.GetLogsAsync(ct: timeout.Token);
        Assert.Contains("\"Candidates\": 4", output + errors, StringComparison.Ordinal);
        Assert.Equal(TestcontainersHealthStatus.Healthy, await WaitForHealthAsync(proxy, timeout.Token));
    }

    /// <summary>Waits for the image's HEALTHCHECK (the proxy's healthcheck command) to report healthy.</summary>
    private static async Task<TestcontainersHealthStatus> WaitForHealthAsync(IContainer container, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline && container.Health != TestcontainersHealthStatus.Healthy)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }

        return container.Health;
    }
}
