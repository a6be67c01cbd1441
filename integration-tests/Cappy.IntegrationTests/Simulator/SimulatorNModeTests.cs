using System.Net;
using System.Text.Json;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

public sealed class SimulatorNModeTests
{
    private const string RejectBody =
        """{"error":{"code":500,"message":"Only one completion choice is allowed","type":"server_error"}}""";

    [SkippableFact]
    public async Task Honor_ReturnsNChoicesInFileOrder()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path, NMode = NMode.Honor });

        var response = await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat(instruction, n: 3));

        var choices = response.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal(3, choices.Length);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i, choices[i].GetProperty("index").GetInt32());
            Assert.Equal(outputs[i], choices[i].GetProperty("message").GetProperty("content").GetString());
            Assert.Equal("stop", choices[i].GetProperty("finish_reason").GetString());
        }
    }

    [SkippableFact]
    public async Task Honor_CompletionsReturnNChoices()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path, NMode = NMode.Honor });

        var response = await host.PostForJsonAsync("/v1/completions", RequestBodies.Completion(instruction, n: 2));

        var choices = response.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal(2, choices.Length);
        Assert.Equal(outputs[0], choices[0].GetProperty("text").GetString());
        Assert.Equal(outputs[1], choices[1].GetProperty("text").GetString());
    }

    [SkippableFact]
    public async Task Ignore_ReturnsOneChoiceForAnyN()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path, NMode = NMode.Ignore });

        var first = await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat(instruction, n: 4));
        var second = await host.PostForJsonAsync("/v1/completions", RequestBodies.Completion(instruction, n: 4));

        var firstChoices = first.GetProperty("choices").EnumerateArray().ToArray();
        var secondChoices = second.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Single(firstChoices);
        Assert.Equal(outputs[0], firstChoices[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Single(secondChoices);
        Assert.Equal(outputs[1], secondChoices[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/completions")]
    public async Task Reject_NAboveOne_Returns500ExactBody(string path)
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { NMode = NMode.Reject });
        var body = path.Contains("chat", StringComparison.Ordinal)
            ? RequestBodies.Chat("Name three colors.", n: 2)
            : RequestBodies.Completion("Name three colors.", n: 2);

        using var response = await host.PostJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        var stats = await host.GetStatsAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(RejectBody, text);
        Assert.Equal(1, stats.GetProperty("rejected_n").GetInt32());
    }

    [Fact]
    public async Task Reject_NOne_ReturnsOneChoice()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { NMode = NMode.Reject });

        var response = await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat("Name three colors.", n: 1));
        var stats = await host.GetStatsAsync();

        Assert.Single(response.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, stats.GetProperty("rejected_n").GetInt32());
    }

    [Fact]
    public async Task Reject_StreamWithNAboveOne_Returns500()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { NMode = NMode.Reject });

        using var response = await host.PostJsonAsync(
            "/v1/chat/completions", RequestBodies.ChatStream("Name three colors.", n: 3, includeUsage: false));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(RejectBody, text);
    }

    [Fact]
    public async Task Honor_UnknownPromptChoicesDifferAndRepeat()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());

        var first = await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat("An unknown prompt", n: 3));
        var second = await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat("An unknown prompt", n: 3));

        var firstTexts = Contents(first);
        var secondTexts = Contents(second);
        Assert.Equal(3, firstTexts.Distinct(StringComparer.Ordinal).Count());
        Assert.All(firstTexts, text => Assert.False(string.IsNullOrWhiteSpace(text)));
        Assert.Equal(firstTexts, secondTexts);
    }

    private static string[] Contents(JsonElement response) =>
        response.GetProperty("choices").EnumerateArray()
            .Select(choice => choice.GetProperty("message").GetProperty("content").GetString()!)
            .ToArray();
}
