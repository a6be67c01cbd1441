using System.ClientModel;
using System.Text;
using Cappy.UpstreamSimulator;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

/// <summary>Reads simulator responses with the OpenAI .NET client, as clients of the proxy would.</summary>
public sealed class SimulatorOpenAiClientTests
{
    [SkippableFact]
    public async Task ChatClient_ReadsStoredOutput()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });
        var client = CreateChatClient(host);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(instruction)]);

        Assert.Equal(outputs[0], Assert.Single(completion.Content).Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(CandidateData.CountWords(outputs[0]), completion.Usage.OutputTokenCount);
        Assert.Equal(CandidateData.CountWords(instruction), completion.Usage.InputTokenCount);
    }

    [SkippableFact]
    public async Task ChatClient_StreamsStoredOutput()
    {
        var path = CandidateData.RequirePath();
        var (instruction, outputs) = CandidateData.ReadFirst(path, 1)[0];
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = path });
        var client = CreateChatClient(host);

        var text = new StringBuilder();
        ChatFinishReason? finishReason = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(instruction)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finishReason ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(outputs[0], text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finishReason);
        Assert.NotNull(usage);
        Assert.Equal(CandidateData.CountWords(outputs[0]), usage.OutputTokenCount);
    }

    [Fact]
    public async Task EmbeddingClient_ReadsVector()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());
        var client = new EmbeddingClient("embedder", new ApiKeyCredential("unused"), CreateClientOptions(host));

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("some text");

        Assert.Equal(16, embedding.ToFloats().Length);
    }

    private static ChatClient CreateChatClient(SimulatorHost host) =>
        new("test-model", new ApiKeyCredential("unused"), CreateClientOptions(host));

    private static OpenAIClientOptions CreateClientOptions(SimulatorHost host) =>
        new() { Endpoint = new Uri(host.BaseAddress, "/v1") };
}
