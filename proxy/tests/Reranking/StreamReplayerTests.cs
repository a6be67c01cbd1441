using System.Text;
using System.Text.Json.Nodes;
using Cappy.Proxy.Reranking;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Cappy.Proxy.Tests.Reranking;

public sealed class StreamReplayerTests
{
    private static async Task<string[]> ReplayAsync(JsonObject response, EndpointKind endpoint, bool includeUsage)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await using (var writer = new EventStreamWriter(context.Response))
        {
            await StreamReplayer.ReplayAsync(writer, response, endpoint, includeUsage, CancellationToken.None);
        }

        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private static JsonObject ChatResponse(string content)
    {
        var response = JsonNode.Parse("""
            {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "m", "system_fingerprint": "fp",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": ""}, "finish_reason": "length", "logprobs": null}],
             "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}}
            """)!.AsObject();
        response["choices"]![0]!["message"]!["content"] = content;
        return response;
    }

    [Fact]
    public async Task Chat_EmitsChunksInOpenAIOrder()
    {
        var content = string.Concat(Enumerable.Repeat("word ", 40)) + "👍🏽 end";

        var events = await ReplayAsync(ChatResponse(content), EndpointKind.ChatCompletions, includeUsage: true);

        Assert.All(events, line => Assert.StartsWith("data: ", line, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(line => JsonNode.Parse(line["data: ".Length..])!.AsObject()).ToArray();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk["object"]!.GetValue<string>()));
        Assert.All(chunks, chunk => Assert.Equal("chatcmpl-1", chunk["id"]!.GetValue<string>()));
        Assert.Equal("assistant", chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>());
        var contentChunks = chunks[1..^2];
        Assert.True(contentChunks.Length > 1, "long content should arrive in several deltas");
        Assert.Equal(content, string.Concat(contentChunks.Select(chunk => chunk["choices"]![0]!["delta"]!["content"]!.GetValue<string>())));
        Assert.Equal("length", chunks[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.Equal(7, chunks[^1]["usage"]!["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task WithoutIncludeUsage_NoUsageChunk()
    {
        var events = await ReplayAsync(ChatResponse("short"), EndpointKind.ChatCompletions, includeUsage: false);

        Assert.DoesNotContain(events, line => line.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
    }

    [Fact]
    public async Task Completions_TextPiecesThenFinish()
    {
        var response = JsonNode.Parse("""
            {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "m",
             "choices": [{"index": 0, "text": "Paris is the capital.", "finish_reason": "stop", "logprobs": null}]}
            """)!.AsObject();

        var events = await ReplayAsync(response, EndpointKind.Completions, includeUsage: true);

        var chunks = events[..^1].Select(line => JsonNode.Parse(line["data: ".Length..])!.AsObject()).ToArray();
        Assert.All(chunks, chunk => Assert.Equal("text_completion", chunk["object"]!.GetValue<string>()));
        Assert.Equal("Paris is the capital.", string.Concat(chunks.Select(chunk => chunk["choices"]![0]!["text"]!.GetValue<string>())));
        Assert.Equal("stop", chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }
}
