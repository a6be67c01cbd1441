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
}
