using System.Text.Json;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

public sealed class SimulatorResponseTests
{
    [SkippableFact]
    public async Task Chat_ResponseHasVllmFields()
    {
        var path = CandidateData.RequirePath();
        var (instruction, _) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        var response = await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat(instruction));

        var choice = Assert.Single(response.GetProperty("choices").EnumerateArray());
        Assert.StartsWith("chatcmpl-", response.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", response.GetProperty("object").GetString());
        Assert.True(response.GetProperty("created").GetInt64() > 1_600_000_000);
        Assert.Equal("test-model", response.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.String, response.GetProperty("system_fingerprint").ValueKind);
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
    }

    [Fact]
    public async Task Chat_WithoutModel_ReportsConfiguredModel()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { Model = "configured-model" });
        var request = new { messages = new[] { new { role = "user", content = "Hello" } } };

        var response = await host.PostForJsonAsync("/v1/chat/completions", request);

        Assert.Equal("configured-model", response.GetProperty("model").GetString());
    }

    [SkippableFact]
    public async Task Usage_CountsPromptOnceAndEveryChoice()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 2)[1];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        var response = await host.PostForJsonAsync("/v1/completions", RequestBodies.Completion(instruction, n: 4));

        var usage = response.GetProperty("usage");
        var expectedPrompt = CandidateData.CountWords(instruction);
        var expectedCompletion = outputs.Take(4).Sum(CandidateData.CountWords);
        Assert.Equal(expectedPrompt, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(expectedCompletion, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(expectedPrompt + expectedCompletion, usage.GetProperty("total_tokens").GetInt32());
    }

    [SkippableFact]
    public async Task MaxTokens_TruncatesToWordsWithLengthReason()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        var response = await host.PostForJsonAsync("/v1/chat/completions", RequestBodies.Chat(instruction, n: 1, maxTokens: 5));

        var choice = Assert.Single(response.GetProperty("choices").EnumerateArray());
        var content = choice.GetProperty("message").GetProperty("content").GetString()!;
        var expectedWords = outputs[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(5);
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(expectedWords, content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(content, outputs[0], StringComparison.Ordinal);
        Assert.Equal(5, response.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [SkippableFact]
    public async Task MaxTokens_AboveLength_KeepsStop()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });

        var response = await host.PostForJsonAsync(
            "/v1/chat/completions", RequestBodies.Chat(instruction, n: 1, maxTokens: CandidateData.CountWords(outputs[0])));

        var choice = Assert.Single(response.GetProperty("choices").EnumerateArray());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(outputs[0], choice.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task ChatLogprobs_ListsEveryWordToken()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());
        var request = new
        {
            messages = new[] { new { role = "user", content = "Explain logprobs." } },
            logprobs = true,
            top_logprobs = 2,
        };

        var response = await host.PostForJsonAsync("/v1/chat/completions", request);

        var choice = Assert.Single(response.GetProperty("choices").EnumerateArray());
        var content = choice.GetProperty("message").GetProperty("content").GetString()!;
        var entries = choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(CandidateData.CountWords(content), entries.Length);
        Assert.Equal(content, string.Concat(entries.Select(entry => entry.GetProperty("token").GetString())));
        Assert.All(entries, entry => Assert.True(entry.GetProperty("logprob").GetDouble() < 0));
        Assert.All(entries, entry => Assert.Equal(2, entry.GetProperty("top_logprobs").GetArrayLength()));
        Assert.All(entries, entry => Assert.Equal(
            System.Text.Encoding.UTF8.GetBytes(entry.GetProperty("token").GetString()!),
            entry.GetProperty("bytes").EnumerateArray().Select(value => (byte)value.GetInt32()).ToArray()));
    }

    [Fact]
    public async Task CompletionLogprobs_HasTokensOffsetsAndTopEntries()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());
        var request = new { prompt = "Explain logprobs.", logprobs = 3 };

        var response = await host.PostForJsonAsync("/v1/completions", request);

        var choice = Assert.Single(response.GetProperty("choices").EnumerateArray());
        var text = choice.GetProperty("text").GetString()!;
        var logprobs = choice.GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(token => token.GetString()!).ToArray();
        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(offset => offset.GetInt32()).ToArray();
        Assert.Equal(text, string.Concat(tokens));
        Assert.Equal(tokens.Length, logprobs.GetProperty("token_logprobs").GetArrayLength());
        Assert.Equal(tokens.Length, logprobs.GetProperty("top_logprobs").GetArrayLength());
        Assert.All(logprobs.GetProperty("top_logprobs").EnumerateArray(), top => Assert.Equal(3, top.EnumerateObject().Count()));
        for (var i = 0; i < tokens.Length; i++)
        {
            Assert.Equal(text.IndexOf(tokens[i], offsets[i], StringComparison.Ordinal), offsets[i]);
        }
    }

    [Fact]
    public async Task Models_ListsConfiguredModel()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());

        var text = await host.Client.GetStringAsync(new Uri("/v1/models", UriKind.Relative));
        var response = JsonDocument.Parse(text).RootElement;

        var model = Assert.Single(response.GetProperty("data").EnumerateArray());
        Assert.Equal("list", response.GetProperty("object").GetString());
        Assert.Equal(SimulatorOptions.DefaultModel, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
    }

    [Fact]
    public async Task Embeddings_AreDeterministicUnitVectors()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());
        var request = new { model = "embedder", input = new[] { "first text", "second text", "first text" } };

        var response = await host.PostForJsonAsync("/v1/embeddings", request);

        var vectors = response.GetProperty("data").EnumerateArray()
            .Select(item => item.GetProperty("embedding").EnumerateArray().Select(value => value.GetDouble()).ToArray())
            .ToArray();
        Assert.Equal(3, vectors.Length);
        Assert.Equal(vectors[0], vectors[2]);
        Assert.NotEqual(vectors[0], vectors[1]);
        Assert.All(vectors, vector => Assert.Equal(1.0, Math.Sqrt(vector.Sum(value => value * value)), 4));
        Assert.Equal("embedder", response.GetProperty("model").GetString());
        Assert.Equal(6, response.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }
}
