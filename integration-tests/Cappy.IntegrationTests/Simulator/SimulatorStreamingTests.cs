using System.Text;
using System.Text.Json;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

public sealed class SimulatorStreamingTests
{
    [SkippableFact]
    public async Task ChatStream_FramesRoleContentAndFinish()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        using var response = await host.PostJsonAsync("/v1/chat/completions", RequestBodies.ChatStream(instruction, n: 1, includeUsage: false));
        var body = await response.Content.ReadAsStringAsync();
        var chunks = StreamEvents.ParseChunks(body);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(chunk => chunk.GetProperty("id").GetString()).Distinct());
        Assert.StartsWith("chatcmpl-", chunks[0].GetProperty("id").GetString(), StringComparison.Ordinal);

        var first = SingleChoice(chunks[0]);
        Assert.Equal("assistant", first.GetProperty("delta").GetProperty("role").GetString());

        var contentChunks = chunks.Skip(1).SkipLast(1).ToArray();
        Assert.True(contentChunks.Length > 1, $"expected several content pieces, got {contentChunks.Length}");
        Assert.All(contentChunks, chunk => Assert.Equal(JsonValueKind.Null, SingleChoice(chunk).GetProperty("finish_reason").ValueKind));
        Assert.Equal(outputs[0], string.Concat(contentChunks.Select(chunk => SingleChoice(chunk).GetProperty("delta").GetProperty("content").GetString())));

        var last = SingleChoice(chunks[^1]);
        Assert.Equal("stop", last.GetProperty("finish_reason").GetString());
    }

    [SkippableFact]
    public async Task ChatStream_InterleavesChoicesByIndex()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        using var response = await host.PostJsonAsync("/v1/chat/completions", RequestBodies.ChatStream(instruction, n: 2, includeUsage: false));
        var chunks = StreamEvents.ParseChunks(await response.Content.ReadAsStringAsync());

        var contents = new[] { new StringBuilder(), new StringBuilder() };
        var contentIndices = new List<int>();
        var finishReasons = new string?[2];
        foreach (var chunk in chunks)
        {
            var choice = SingleChoice(chunk);
            var index = choice.GetProperty("index").GetInt32();
            var delta = choice.GetProperty("delta");
            if (delta.TryGetProperty("content", out var content) && !delta.TryGetProperty("role", out _))
            {
                contents[index].Append(content.GetString());
                contentIndices.Add(index);
            }

            if (choice.GetProperty("finish_reason").ValueKind == JsonValueKind.String)
            {
                finishReasons[index] = choice.GetProperty("finish_reason").GetString();
            }
        }

        Assert.Equal(outputs[0], contents[0].ToString());
        Assert.Equal(outputs[1], contents[1].ToString());
        Assert.Equal("stop", finishReasons[0]);
        Assert.Equal("stop", finishReasons[1]);

        // While both choices still have text, pieces alternate 0, 1, 0, 1.
        var alternating = Math.Min(contentIndices.Count(index => index == 0), contentIndices.Count(index => index == 1));
        Assert.Equal(
            Enumerable.Range(0, alternating * 2).Select(position => position % 2).ToArray(),
            contentIndices.Take(alternating * 2).ToArray());
    }

    [SkippableFact]
    public async Task ChatStream_UsageChunkCountsWords()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        using var response = await host.PostJsonAsync("/v1/chat/completions", RequestBodies.ChatStream(instruction, n: 3, includeUsage: true));
        var chunks = StreamEvents.ParseChunks(await response.Content.ReadAsStringAsync());

        var usageChunk = chunks[^1];
        var usage = usageChunk.GetProperty("usage");
        var expectedCompletion = outputs.Take(3).Sum(CandidateData.CountWords);
        var expectedPrompt = CandidateData.CountWords(instruction);
        Assert.Empty(usageChunk.GetProperty("choices").EnumerateArray());
        Assert.Equal(expectedPrompt, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(expectedCompletion, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(expectedPrompt + expectedCompletion, usage.GetProperty("total_tokens").GetInt32());
        Assert.All(chunks.SkipLast(1), chunk => Assert.Single(chunk.GetProperty("choices").EnumerateArray()));
    }

    [Fact]
    public async Task ChatStream_WithoutIncludeUsage_HasNoUsageChunk()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());

        using var response = await host.PostJsonAsync("/v1/chat/completions", RequestBodies.ChatStream("Say something.", n: 1, includeUsage: false));
        var chunks = StreamEvents.ParseChunks(await response.Content.ReadAsStringAsync());

        Assert.All(chunks, chunk => Assert.False(chunk.TryGetProperty("usage", out _)));
        Assert.All(chunks, chunk => Assert.Single(chunk.GetProperty("choices").EnumerateArray()));
    }

    [SkippableFact]
    public async Task CompletionStream_ConcatenatesToStoredOutput()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });
        var request = new Dictionary<string, object?>
        {
            ["prompt"] = instruction,
            ["stream"] = true,
            ["stream_options"] = new { include_usage = true },
        };

        using var response = await host.PostJsonAsync("/v1/completions", request);
        var chunks = StreamEvents.ParseChunks(await response.Content.ReadAsStringAsync());

        var choiceChunks = chunks.SkipLast(1).ToArray();
        Assert.All(chunks, chunk => Assert.Equal("text_completion", chunk.GetProperty("object").GetString()));
        Assert.StartsWith("cmpl-", chunks[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(outputs[0], string.Concat(choiceChunks.Select(chunk => SingleChoice(chunk).GetProperty("text").GetString())));
        Assert.Equal("stop", SingleChoice(choiceChunks[^1]).GetProperty("finish_reason").GetString());
        Assert.Equal(CandidateData.CountWords(outputs[0]), chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    private static JsonElement SingleChoice(JsonElement chunk) => Assert.Single(chunk.GetProperty("choices").EnumerateArray());
}
