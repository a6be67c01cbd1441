using System.Text;
using Cappy.Proxy.Bench;
using Xunit;

namespace Cappy.Proxy.Tests.Bench;

public sealed class ProxyBenchPromptsTests
{
    [Fact]
    public void IsAnswerOf_OwnAnswers_True()
    {
        for (var candidate = 0; candidate < ProxyBenchPrompts.CandidatesPerPrompt; candidate++)
        {
            Assert.True(ProxyBenchPrompts.IsAnswerOf(17, ProxyBenchPrompts.Answer(17, candidate)), $"candidate {candidate}");
        }
    }

    [Fact]
    public void IsAnswerOf_OtherRequestsAnswer_False()
    {
        Assert.False(ProxyBenchPrompts.IsAnswerOf(17, ProxyBenchPrompts.Answer(18, 0)));
        Assert.False(ProxyBenchPrompts.IsAnswerOf(17, ProxyBenchPrompts.Answer(170, 0)));
        Assert.False(ProxyBenchPrompts.IsAnswerOf(17, ProxyBenchPrompts.Answer(17, ProxyBenchPrompts.CandidatesPerPrompt)));
    }

    [Fact]
    public void IsAnswerOf_TruncatedOrMissing_False()
    {
        var answer = ProxyBenchPrompts.Answer(3, 1);

        Assert.False(ProxyBenchPrompts.IsAnswerOf(3, answer[..^1]));
        Assert.False(ProxyBenchPrompts.IsAnswerOf(3, string.Empty));
        Assert.False(ProxyBenchPrompts.IsAnswerOf(3, null));
    }

    [Fact]
    public void Prompt_DiffersPerRequest()
    {
        var prompts = Enumerable.Range(0, 1000).Select(ProxyBenchPrompts.Prompt).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, prompts.Count);
    }

    [Fact]
    public void ReadContent_ChatCompletion_ReturnsMessageContent()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Red."},"finish_reason":"stop"}]}""");

        Assert.Equal("Red.", ChatLoadClient.ReadContent(body));
    }

    [Theory]
    [InlineData("""{"choices":[{"index":0,"message":{"role":"assistant","content":"Re""")]
    [InlineData("""{"choices":[]}""")]
    [InlineData("""{"error":{"message":"boom","type":"server_error"}}""")]
    [InlineData("""{"choices":[{"message":{"content":null}}]}""")]
    [InlineData("""[1,2]""")]
    public void ReadContent_NoAnswer_ReturnsNull(string json)
    {
        Assert.Null(ChatLoadClient.ReadContent(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void RequestBody_CarriesPromptAsLastUserMessage()
    {
        var body = System.Text.Json.JsonDocument.Parse(ProxyBenchPrompts.RequestBody(42)).RootElement;

        var message = body.GetProperty("messages")[0];
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal("Bench request 000042: list three steps for planning a week of meals.", message.GetProperty("content").GetString());
    }
}
