using System.Text.Json.Nodes;
using Cappy.Proxy.Forwarding;
using Cappy.Proxy.Reranking;
using Xunit;

namespace Cappy.Proxy.Tests.Reranking;

public sealed class ResponseComposerTests
{
    private static JsonObject Response(string id, int promptTokens, int completionTokens, params string[] contents) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = 1700000000,
        ["model"] = "m",
        ["system_fingerprint"] = "fp",
        ["choices"] = new JsonArray(contents.Select((content, i) => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
            ["logprobs"] = null,
        }).ToArray()),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = promptTokens,
            ["completion_tokens"] = completionTokens,
            ["total_tokens"] = promptTokens + completionTokens,
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 1 },
        },
    };

    [Fact]
    public void Compose_KeepsFirstEnvelopeAndReindexesChosen()
    {
        var set = new CandidateSet([Response("first", 10, 5, "a", "b"), Response("second", 10, 7, "c")], 200);
        var candidates = set.Choices.Select(choice => Candidate.FromChoice(choice, EndpointKind.ChatCompletions)).ToArray();

        var response = ResponseComposer.Compose([set], [candidates[2], candidates[0]], keepLogprobs: true);

        Assert.Equal("first", response["id"]!.GetValue<string>());
        Assert.Equal("fp", response["system_fingerprint"]!.GetValue<string>());
        var choices = response["choices"]!.AsArray();
        Assert.Equal(2, choices.Count);
        Assert.Equal("c", choices[0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(0, choices[0]!["index"]!.GetValue<int>());
        Assert.Equal("a", choices[1]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(1, choices[1]!["index"]!.GetValue<int>());
    }

    [Fact]
    public void Compose_SumsUsageOfEveryCall()
    {
        var set = new CandidateSet([Response("first", 10, 5, "a", "b"), Response("second", 10, 7, "c")], 200);
        var candidates = set.Choices.Select(choice => Candidate.FromChoice(choice, EndpointKind.ChatCompletions)).ToArray();

        var usage = ResponseComposer.Compose([set], [candidates[0]], keepLogprobs: true)["usage"]!;

        Assert.Equal(20, usage["prompt_tokens"]!.GetValue<long>());
        Assert.Equal(12, usage["completion_tokens"]!.GetValue<long>());
        Assert.Equal(32, usage["total_tokens"]!.GetValue<long>());
        Assert.Equal(2, usage["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<long>());
    }

    [Fact]
    public void Candidate_ToolCall_ScoresFunctionNameAndArguments()
    {
        var choice = JsonNode.Parse("""
            {"index": 0, "message": {"role": "assistant", "content": null, "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}
            ]}, "finish_reason": "tool_calls"}
            """)!.AsObject();

        var candidate = Candidate.FromChoice(choice, EndpointKind.ChatCompletions);

        Assert.Equal("get_weather({\"city\":\"Paris\"})", candidate.Text);
    }

    [Fact]
    public void Candidate_ReasoningPassedThroughNotScored()
    {
        var choice = JsonNode.Parse("""
            {"index": 0, "message": {"role": "assistant", "content": "Paris.", "reasoning_content": "The capital of France is Paris."}, "finish_reason": "stop"}
            """)!.AsObject();
        var set = new CandidateSet([new JsonObject { ["id"] = "x", ["choices"] = new JsonArray(choice) }], 200);

        var candidate = Candidate.FromChoice(set.Choices.Single(), EndpointKind.ChatCompletions);
        var response = ResponseComposer.Compose([set], [candidate], keepLogprobs: false);

        Assert.Equal("Paris.", candidate.Text);
        Assert.Equal("The capital of France is Paris.", response["choices"]![0]!["message"]!["reasoning_content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("abcdef", 4, "abcd")]
    [InlineData("abc", 4, "abc")]
    [InlineData("ab\U0001F600cd", 3, "ab")]
    [InlineData("ab\U0001F600cd", 4, "ab\U0001F600")]
    public void Truncate_KeepsSurrogatePairsWhole(string text, int maxCharacters, string expected)
    {
        Assert.Equal(expected, CandidateRanker.Truncate(text, maxCharacters));
    }

    [Fact]
    public void Compose_WithoutClientLogprobs_RemovesThem()
    {
        var set = new CandidateSet([Response("first", 1, 1, "a")], 200);
        set.Responses[0]["choices"]![0]!["logprobs"] = new JsonObject { ["content"] = new JsonArray() };
        var candidate = Candidate.FromChoice(set.Choices.Single(), EndpointKind.ChatCompletions);

        var stripped = ResponseComposer.Compose([set], [candidate], keepLogprobs: false);
        var kept = ResponseComposer.Compose([set], [candidate], keepLogprobs: true);

        Assert.Null(stripped["choices"]![0]!["logprobs"]);
        Assert.NotNull(kept["choices"]![0]!["logprobs"]);
    }
}
