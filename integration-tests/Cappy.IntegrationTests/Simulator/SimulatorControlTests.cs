using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

public sealed class SimulatorControlTests
{
    [Fact]
    public async Task Stats_CountRequestsByEndpoint()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());

        await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat("One", n: 2));
        await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat("Two"));
        await host.PostForJsonAsync("/v1/completions", RequestBodies.Completion("Three"));
        using var invalid = await host.PostJsonAsync("/v1/completions", "not json");
        var stats = await host.GetStatsAsync();

        Assert.Equal(4, stats.GetProperty("requests").GetInt32());
        Assert.Equal(2, stats.GetProperty("chat").GetInt32());
        Assert.Equal(2, stats.GetProperty("completions").GetInt32());
        Assert.Equal(0, stats.GetProperty("rejected_n").GetInt32());
    }

    [Fact]
    public async Task FailEvery_FailsEveryNthRequest()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { FailEvery = 3 });

        var statuses = new List<HttpStatusCode>();
        string? failureBody = null;
        for (var i = 0; i < 6; i++)
        {
            using var response = await host.PostJsonAsync("/v1/chat/completions", RequestBodies.Chat("Hello"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.InternalServerError)
            {
                failureBody = await response.Content.ReadAsStringAsync();
            }
        }

        var stats = await host.GetStatsAsync();
        var error = JsonDocument.Parse(failureBody!).RootElement.GetProperty("error");
        HttpStatusCode[] expected =
        [
            HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.InternalServerError,
            HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.InternalServerError,
        ];
        Assert.Equal(expected, statuses);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(2, stats.GetProperty("injected_failures").GetInt32());
    }

    [Fact]
    public async Task FailRate_One_FailsEveryRequest()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { FailureRate = 1 });

        using var chat = await host.PostJsonAsync("/v1/chat/completions", RequestBodies.Chat("Hello"));
        using var completion = await host.PostJsonAsync("/v1/completions", RequestBodies.Completion("Hello"));

        Assert.Equal(HttpStatusCode.InternalServerError, chat.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, completion.StatusCode);
    }

    [Fact]
    public async Task Latency_DelaysResponse()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { LatencyMs = 300 });

        var stopwatch = Stopwatch.StartNew();
        await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat("Hello"));
        stopwatch.Stop();

        Assert.True(stopwatch.ElapsedMilliseconds >= 290, $"response came after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Build_InvalidOptions_ListsEveryError()
    {
        var options = new SimulatorOptions { LatencyMs = -1, FailureRate = 2, Model = " " };

        var exception = Assert.Throws<ArgumentException>(() => SimulatorApp.Build(options));

        Assert.Contains("--latency-ms", exception.Message, StringComparison.Ordinal);
        Assert.Contains("--fail-rate", exception.Message, StringComparison.Ordinal);
        Assert.Contains("--model", exception.Message, StringComparison.Ordinal);
    }
}
