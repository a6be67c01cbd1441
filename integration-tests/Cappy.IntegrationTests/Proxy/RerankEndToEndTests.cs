using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.UpstreamSimulator;
using OpenAI.Chat;
using OpenAI.Models;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>
/// The proxy with the embedded scorer in front of the simulator (vLLM-like, honours n), driven by the real OpenAI
/// SDK on real AlpacaEval candidates: every answer must be the candidate the <c>score</c> command ranks highest.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class RerankEndToEndTests(ScorerFixture scorer)
{
    [SkippableFact]
    public async Task Chat_TwentyInstructions_ReturnHighestScored()
    {
        var expected = await ScoredInstructions();
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var (simulator, proxy) = (stack.Simulator, stack.Proxy);
        var chat = proxy.Chat();

        foreach (var item in expected)
        {
            var result = await chat.CompleteChatAsync([new UserChatMessage(item.Instruction)]);
            var completion = result.Value;
            var headers = result.GetRawResponse().Headers;

            Assert.Equal(item.Best, completion.Content[0].Text);
            Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
            Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
            Assert.True(headers.TryGetValue("x-cappy-candidates", out var candidates));
            Assert.Equal("8", candidates);
            Assert.True(headers.TryGetValue("x-cappy-score", out var score));
            var proxyScore = float.Parse(score!, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(item.Scores.Max() - proxyScore) < 1e-4, $"{item.Instruction}: proxy score {proxyScore}, score command {item.Scores.Max()}");
            Assert.False(headers.TryGetValue("x-cappy-degraded", out _));
        }
    }

    [SkippableFact]
    public async Task Chat_Usage_CountsEveryCandidate()
    {
        var item = (await ScoredInstructions())[0];
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var (simulator, proxy) = (stack.Simulator, stack.Proxy);

        var completion = (await proxy.Chat().CompleteChatAsync([new UserChatMessage(item.Instruction)])).Value;

        // The simulator counts whitespace-separated words as tokens: the prompt once per call, every output.
        Assert.Equal(CandidateData.CountWords(item.Instruction), completion.Usage.InputTokenCount);
        Assert.Equal(item.Outputs.Sum(CandidateData.CountWords), completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [SkippableFact]
    public async Task StreamingChat_ReplaysHighestScored()
    {
        var expected = (await ScoredInstructions()).Take(5).ToArray();
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var (simulator, proxy) = (stack.Simulator, stack.Proxy);
        var chat = proxy.Chat();

        foreach (var item in expected)
        {
            var text = new StringBuilder();
            ChatFinishReason? finishReason = null;
            ChatTokenUsage? usage = null;
            var updates = 0;
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(item.Instruction)], new ChatCompletionOptions()))
            {
                updates++;
                foreach (var part in update.ContentUpdate)
                {
                    text.Append(part.Text);
                }

                finishReason ??= update.FinishReason;
                usage ??= update.Usage;
            }

            Assert.Equal(item.Best, text.ToString());
            Assert.Equal(ChatFinishReason.Stop, finishReason);
            Assert.True(updates >= 3, $"expected role, content and finish chunks, got {updates} updates");
            Assert.NotNull(usage);
            Assert.Equal(item.Outputs.Sum(CandidateData.CountWords), usage.OutputTokenCount);
        }
    }

    [SkippableFact]
    public async Task ClientN2_ReturnsTopTwoInRankOrder()
    {
        var item = (await ScoredInstructions())[1];
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var (simulator, proxy) = (stack.Simulator, stack.Proxy);
        var body = new JsonObject
        {
            ["model"] = "simulated-model",
            ["n"] = 2,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = item.Instruction }),
        };

        // The SDK's typed API exposes one choice, so the protocol method sends n=2 and returns the raw response.
        var result = await proxy.Chat().CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(body.ToJsonString())), new RequestOptions());
        var raw = result.GetRawResponse();
        var parsed = ModelReaderWriter.Read<ChatCompletion>(raw.Content)!;
        var choices = JsonNode.Parse(raw.Content.ToString())!["choices"]!.AsArray();

        Assert.Equal(item.Best, parsed.Content[0].Text);
        Assert.Equal(2, choices.Count);
        Assert.Equal(0, choices[0]!["index"]!.GetValue<int>());
        Assert.Equal(1, choices[1]!["index"]!.GetValue<int>());
        Assert.Equal(item.Ranked[0], choices[0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(item.Ranked[1], choices[1]!["message"]!["content"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task LegacyCompletions_ReturnHighestScored()
    {
        var expected = (await ScoredInstructions()).Skip(5).Take(5).ToArray();
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var (simulator, proxy) = (stack.Simulator, stack.Proxy);

        foreach (var item in expected)
        {
            // OpenAI 2.15.0 keeps its legacy completions client internal, so this request goes over plain HTTP.
            var body = new JsonObject { ["model"] = "simulated-model", ["prompt"] = item.Instruction };
            using var response = await proxy.Http.PostAsync(new Uri("/v1/completions", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text_completion", json["object"]!.GetValue<string>());
            Assert.Single(json["choices"]!.AsArray());
            Assert.Equal(item.Best, json["choices"]![0]!["text"]!.GetValue<string>());
            Assert.Equal(0, json["choices"]![0]!["index"]!.GetValue<int>());
        }
    }

    [SkippableFact]
    public async Task Models_PassThroughUnchanged()
    {
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var (simulator, proxy) = (stack.Simulator, stack.Proxy);
        var models = new OpenAIModelClient(new ApiKeyCredential("sk-test-key"), proxy.ClientOptions);

        var list = (await models.GetModelsAsync()).Value;

        Assert.Contains(list, model => model.Id == SimulatorOptions.DefaultModel);
        var stats = await simulator.GetStatsAsync();
        Assert.Equal(0, stats.GetProperty("chat").GetInt32());
    }

    [SkippableFact]
    public async Task InvalidJson_Returns400InOpenAIShape()
    {
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);
        var (simulator, proxy) = (stack.Simulator, stack.Proxy);

        var exception = await Assert.ThrowsAsync<ClientResultException>(() =>
            proxy.Chat().CompleteChatAsync(BinaryContent.Create(BinaryData.FromString("{\"messages\": [")), new RequestOptions()));

        Assert.Equal(400, exception.Status);
        var error = JsonDocument.Parse(exception.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
        Assert.Contains("not valid JSON", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await simulator.GetStatsAsync()).GetProperty("requests").GetInt32());
    }

    [SkippableTheory]
    [InlineData(NMode.Ignore)]
    [InlineData(NMode.Reject)]
    public async Task UpstreamWithoutN_ParallelCallsReturnHighestScored(NMode mode)
    {
        var expected = (await ScoredInstructions()).Skip(10).Take(3).ToArray();
        await using var stack = await RerankStack.StartAsync(scorer.Scorer, mode);
        var (simulator, proxy) = (stack.Simulator, stack.Proxy);
        var chat = proxy.Chat();

        foreach (var item in expected)
        {
            var result = await chat.CompleteChatAsync([new UserChatMessage(item.Instruction)]);
            result.GetRawResponse().Headers.TryGetValue("x-cappy-candidates", out var candidates);

            Assert.Equal(item.Best, result.Value.Content[0].Text);
            Assert.Equal("8", candidates);
        }

        // The first request finds out what the upstream does with n; the others go straight to 8 single calls.
        var stats = await simulator.GetStatsAsync();
        var expectedCalls = mode == NMode.Ignore ? 8 * expected.Length : 1 + (8 * expected.Length);
        Assert.Equal(expectedCalls, stats.GetProperty("chat").GetInt32());
        Assert.Equal(mode == NMode.Reject ? 1 : 0, stats.GetProperty("rejected_n").GetInt32());
    }

    private static async Task<IReadOnlyList<ScoredInstruction>> ScoredInstructions() => await ScoredInstruction.LoadAsync();
}
