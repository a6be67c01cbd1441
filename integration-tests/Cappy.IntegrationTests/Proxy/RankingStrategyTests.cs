using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>
/// Ranking strategies, minimum scores and candidate hygiene through real HTTP on real AlpacaEval candidates.
/// Expected picks come from the simulator's own answers and the <c>score</c> command, not from the proxy.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class RankingStrategyTests(ScorerFixture scorer)
{
    private static async Task<(HttpResponseMessage Response, JsonNode Body)> PostAsync(HttpClient client, string path, JsonObject body)
    {
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static JsonObject Chat(string instruction, int? maxTokens = null)
    {
        var body = new JsonObject
        {
            ["model"] = "m",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = instruction }),
        };
        if (maxTokens is { } tokens)
        {
            body["max_tokens"] = tokens;
        }

        return body;
    }

    [SkippableTheory]
    [InlineData("LogprobMean")]
    [InlineData("LogprobSum")]
    public async Task LogprobStrategy_PicksHighestLikelihood(string strategy)
    {
        var record = CandidateData.ReadFirst(CandidateData.RequirePath(), 3)[2];
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        using var routes = RouteDirectory.Create(simulator.BaseAddress, $$"""{ "N": 8, "Strategy": "{{strategy}}" }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        // The simulator's logprobs depend only on each token and its position, so a direct call gives the expectation.
        var direct = Chat(record.Instruction);
        direct["n"] = 8;
        direct["logprobs"] = true;
        var (_, upstream) = await PostAsync(simulator.Client, "/v1/chat/completions", direct);
        var expected = upstream["choices"]!.AsArray()
            .Select(choice => (
                Text: choice!["message"]!["content"]!.GetValue<string>(),
                Values: choice["logprobs"]!["content"]!.AsArray().Select(token => token!["logprob"]!.GetValue<double>()).ToArray()))
            .OrderByDescending(item => item.Values.Length == 0 ? double.NegativeInfinity : strategy == "LogprobMean" ? item.Values.Average() : item.Values.Sum())
            .First().Text;

        var (response, body) = await PostAsync(proxy.Http, "/v1/chat/completions", Chat(record.Instruction));
        var choice = body["choices"]![0]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, choice["message"]!["content"]!.GetValue<string>());
        Assert.Null(choice["logprobs"]);
        Assert.False(response.Headers.Contains("x-cappy-score"));
    }

    [SkippableFact]
    public async Task FirstStrategy_ReturnsFirstCandidateUnscored()
    {
        var record = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 4, "Strategy": "First" }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        var (response, body) = await PostAsync(proxy.Http, "/v1/chat/completions", Chat(record.Instruction));

        Assert.Equal(record.Outputs[0], body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.False(response.Headers.Contains("x-cappy-score"));
    }

    [SkippableTheory]
    [InlineData("ReturnBest")]
    [InlineData("Error")]
    public async Task BelowMinScore_AnswersAsRouteSays(string action)
    {
        var record = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });

        // Cosine similarities of different texts stay below 0.99, so no candidate reaches it.
        using var routes = RouteDirectory.Create(simulator.BaseAddress, $$"""{ "N": 4, "MinScore": 0.99, "OnBelowMinScore": "{{action}}", "BelowMinScoreStatusCode": 409, "BelowMinScoreMessage": "Not good enough." }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        var (response, body) = await PostAsync(proxy.Http, "/v1/chat/completions", Chat(record.Instruction));

        if (action == "ReturnBest")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("true", response.Headers.GetValues("x-cappy-below-threshold").Single());
            Assert.True(float.Parse(response.Headers.GetValues("x-cappy-score").Single(), CultureInfo.InvariantCulture) < 0.99f);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("Not good enough.", body["error"]!["message"]!.GetValue<string>());
            Assert.Equal("below_min_score", body["error"]!["code"]!.GetValue<string>());
        }
    }

    [SkippableFact]
    public async Task MinScoreReached_NoThresholdHeader()
    {
        var record = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 4, "MinScore": -1 }""");
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);

        var (response, _) = await PostAsync(proxy.Http, "/v1/chat/completions", Chat(record.Instruction));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-cappy-below-threshold"));
    }

    [SkippableFact]
    public async Task TruncatedCandidates_RankBelowFinished()
    {
        // An instruction whose outputs include both short (finished within the limit) and long ones.
        const int MaxTokens = 60;
        var record = CandidateData.ReadFirst(CandidateData.RequirePath(), 40)
            .First(item => item.Outputs.Count(output => CandidateData.CountWords(output) is > 0 and <= MaxTokens) is > 0 and < 4);
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);

        var (response, body) = await PostAsync(stack.Proxy.Http, "/v1/chat/completions", Chat(record.Instruction, MaxTokens));
        var choice = body["choices"]![0]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
        Assert.Contains(choice["message"]!["content"]!.GetValue<string>(), record.Outputs);
    }

    [SkippableFact]
    public async Task JsonResponseFormat_DropsInvalidCandidates()
    {
        var file = Path.GetTempFileName();
        try
        {
            // Three answers, one of them valid JSON: only it may be returned.
            var line = new JsonObject
            {
                ["id"] = 0,
                ["dataset"] = "test",
                ["instruction"] = "Give the capital of France as JSON.",
                ["candidates"] = new JsonArray(
                    new JsonObject { ["generator"] = "a", ["output"] = "The capital of France is Paris.", ["win_prob"] = 0.1 },
                    new JsonObject { ["generator"] = "b", ["output"] = "{\"capital\": \"Paris\"}", ["win_prob"] = 0.9 },
                    new JsonObject { ["generator"] = "c", ["output"] = "{\"capital\": \"Paris\"", ["win_prob"] = 0.2 }),
            };
            await File.WriteAllTextAsync(file, line.ToJsonString() + "\n");
            await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = file });
            using var routes = RouteDirectory.Create(simulator.BaseAddress, """{ "N": 3 }""");
            await using var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer.Scorer);
            var request = Chat("Give the capital of France as JSON.");
            request["response_format"] = new JsonObject { ["type"] = "json_object" };

            var (response, body) = await PostAsync(proxy.Http, "/v1/chat/completions", request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("{\"capital\": \"Paris\"}", body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
            Assert.False(response.Headers.Contains("x-cappy-no-valid-json"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task PromptArray_BestChoicePerPrompt()
    {
        var items = await ScoredInstruction.LoadAsync();
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var body = new JsonObject { ["model"] = "m", ["prompt"] = new JsonArray(items[7].Instruction, items[8].Instruction) };

        var (response, json) = await PostAsync(stack.Proxy.Http, "/v1/completions", body);
        var choices = json["choices"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, choices.Count);
        Assert.Equal(items[7].Best, choices[0]!["text"]!.GetValue<string>());
        Assert.Equal(0, choices[0]!["index"]!.GetValue<int>());
        Assert.Equal(items[8].Best, choices[1]!["text"]!.GetValue<string>());
        Assert.Equal(1, choices[1]!["index"]!.GetValue<int>());
        Assert.Equal("16", response.Headers.GetValues("x-cappy-candidates").Single());
    }

    [SkippableFact]
    public async Task NAboveMaxN_Returns400()
    {
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var body = Chat("Hello");
        body["n"] = 17;

        var (response, json) = await PostAsync(stack.Proxy.Http, "/v1/chat/completions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("n", json["error"]!["param"]!.GetValue<string>());
    }
}
