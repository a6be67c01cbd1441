using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>Inbound API keys, upstream keys from the environment, and what reaches the upstream.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class AuthTests(ScorerFixture scorer) : IDisposable
{
    private const string ProxyKey = "cappy-test-key-1";
    private const string UpstreamKeyVariable = "CAPPY_TEST_UPSTREAM_KEY";

    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-auth-").FullName;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        Environment.SetEnvironmentVariable(UpstreamKeyVariable, null);
    }

    private static string Sha256(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private void WriteRoutes(Uri upstream, string auth, string clusterMetadata) =>
        File.WriteAllText(Path.Combine(_directory, "routes.json"), $$"""
            {
              {{auth}}
              "ReverseProxy": {
                "Routes": { "r": { "ClusterId": "c", "Match": { "Path": "/v1/{**rest}" }, "Rerank": { "N": 2 } } },
                "Clusters": { "c": { {{clusterMetadata}} "Destinations": { "sim": { "Address": "{{upstream}}" } } } }
              }
            }
            """);

    private static async Task<HttpResponseMessage> ChatAsync(ProxyHost proxy, Action<HttpRequestHeaders> authorize)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model": "m", "messages": [{"role": "user", "content": "Hello"}]}""", Encoding.UTF8, "application/json"),
        };
        authorize(request.Headers);
        return await proxy.Http.SendAsync(request);
    }

    [Fact]
    public async Task InboundKeys_RequiredAndNotForwarded()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        WriteRoutes(simulator.BaseAddress, $$"""
            "Auth": { "ApiKeyHashes": [ "{{Sha256(ProxyKey)}}" ] },
            """, string.Empty);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = _directory }, scorer.Scorer);

        using var missing = await ChatAsync(proxy, _ => { });
        using var wrong = await ChatAsync(proxy, headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key"));
        using var noScheme = await ChatAsync(proxy, headers => headers.TryAddWithoutValidation("Authorization", ProxyKey));
        using var bearer = await ChatAsync(proxy, headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyKey));
        using var apiKeyHeader = await ChatAsync(proxy, headers => headers.Add("x-api-key", ProxyKey));
        using var health = await proxy.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var models = await proxy.Http.GetAsync(new Uri("/v1/models", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        var error = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("invalid_api_key", error["code"]!.GetValue<string>());
        Assert.StartsWith("Missing API key", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noScheme.StatusCode);
        var noSchemeError = JsonNode.Parse(await noScheme.Content.ReadAsStringAsync())!["error"]!;
        Assert.StartsWith("The Authorization header has no Bearer key", noSchemeError["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apiKeyHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);

        // The proxy's own key never reaches the upstream.
        var seen = (await simulator.GetStatsAsync()).GetProperty("authorization").EnumerateArray().Select(value => value.GetString()!).ToArray();
        Assert.Equal(new[] { "none" }, seen);
    }

    [Fact]
    public async Task UpstreamKeyFromEnvironment_ReplacesClientHeader()
    {
        Environment.SetEnvironmentVariable(UpstreamKeyVariable, "upstream-secret");
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        WriteRoutes(simulator.BaseAddress, string.Empty, $$"""
            "Metadata": { "UpstreamApiKeyEnv": "{{UpstreamKeyVariable}}" },
            """);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = _directory }, scorer.Scorer);

        using var chat = await ChatAsync(proxy, headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", "client-key"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "client-key");
        using var models = await proxy.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        var seen = (await simulator.GetStatsAsync()).GetProperty("authorization").EnumerateArray().Select(value => value.GetString()!).ToArray();
        Assert.Equal(new[] { "Bearer upstream-secret" }, seen);
    }

    [Fact]
    public async Task NoKeysConfigured_ClientHeaderForwarded()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        WriteRoutes(simulator.BaseAddress, string.Empty, string.Empty);
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = _directory }, scorer.Scorer);

        using var chat = await ChatAsync(proxy, headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", "client-key"));

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        var seen = (await simulator.GetStatsAsync()).GetProperty("authorization").EnumerateArray().Select(value => value.GetString()!).ToArray();
        Assert.Equal(new[] { "Bearer client-key" }, seen);
    }

    [Fact]
    public async Task MissingUpstreamKeyVariable_FailsStartup()
    {
        Environment.SetEnvironmentVariable(UpstreamKeyVariable, null);
        WriteRoutes(new Uri("http://127.0.0.1:9/"), string.Empty, $$"""
            "Metadata": { "UpstreamApiKeyEnv": "{{UpstreamKeyVariable}}" },
            """);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = _directory }, scorer.Scorer));

        Assert.Contains(UpstreamKeyVariable, exception.Message, StringComparison.Ordinal);
    }
}
