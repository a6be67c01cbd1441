using System.Text;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Errors;
using Cappy.Proxy.Reranking;
using Xunit;

namespace Cappy.Proxy.Tests.Reranking;

public sealed class RequestParserTests
{
    private static RerankRequest ParseChat(string json, InstructionRendering rendering = InstructionRendering.LastUserMessage) =>
        RequestParser.Parse(Encoding.UTF8.GetBytes(json), EndpointKind.ChatCompletions, rendering);

    private static ProxyException Reject(string json, EndpointKind endpoint = EndpointKind.ChatCompletions) =>
        Assert.Throws<ProxyException>(() => RequestParser.Parse(Encoding.UTF8.GetBytes(json), endpoint, InstructionRendering.LastUserMessage));

    [Theory]
    [InlineData("{\"messages\": [")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    public void InvalidJsonOrNotObject_IsInvalidJson(string body)
    {
        var exception = Reject(body);

        Assert.Equal(ProxyError.InvalidJson, exception.Error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"2\"")]
    [InlineData("129")]
    [InlineData("true")]
    public void InvalidN_NamesParamN(string n)
    {
        var exception = Reject($"{{\"messages\": [{{\"role\": \"user\", \"content\": \"hi\"}}], \"n\": {n}}}");

        Assert.Equal(ProxyError.InvalidField, exception.Error);
        Assert.Equal("n", exception.Param);
    }

    [Theory]
    [InlineData("{}", "messages")]
    [InlineData("{\"messages\": []}", "messages")]
    [InlineData("{\"messages\": \"hi\"}", "messages")]
    [InlineData("{\"messages\": [{\"content\": \"hi\"}]}", "messages[0]")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": \"yes\"}", "stream")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream_options\": {\"include_usage\": 1}}", "stream_options.include_usage")]
    public void InvalidChatField_NamesParam(string body, string param)
    {
        var exception = Reject(body);

        Assert.Equal(ProxyError.InvalidField, exception.Error);
        Assert.Equal(param, exception.Param);
    }

    [Fact]
    public void Chat_UsesLastUserMessage()
    {
        var request = ParseChat("""
            {"messages": [
              {"role": "system", "content": "Be brief."},
              {"role": "user", "content": "First question"},
              {"role": "assistant", "content": "First answer"},
              {"role": "user", "content": "Second question"}
            ], "n": 3, "stream": true, "stream_options": {"include_usage": true}}
            """);

        Assert.Equal("Second question", Assert.Single(request.Instructions));
        Assert.Equal(3, request.ReturnCount);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
    }

    [Fact]
    public void Chat_ConversationRendering_ListsEveryMessage()
    {
        var request = ParseChat("""
            {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}
            """, InstructionRendering.Conversation);

        Assert.Equal("system: Be brief.\nuser: Hi", Assert.Single(request.Instructions));
    }

    [Fact]
    public void Chat_ContentParts_JoinTextParts()
    {
        var request = ParseChat("""
            {"messages": [{"role": "user", "content": [
              {"type": "text", "text": "Describe"},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
              {"type": "text", "text": "briefly."}
            ]}]}
            """);

        Assert.Equal("Describe\nbriefly.", Assert.Single(request.Instructions));
    }

    [Fact]
    public void Chat_Defaults_ReturnOneWithoutStreaming()
    {
        var request = ParseChat("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        Assert.Equal(1, request.ReturnCount);
        Assert.False(request.Stream);
        Assert.False(request.IncludeUsage);
    }

    [Theory]
    [InlineData("{\"prompt\": \"Say hi\"}", "Say hi")]
    [InlineData("{\"prompt\": [\"Say hi\"]}", "Say hi")]
    public void Completions_ReadsPrompt(string body, string expected)
    {
        var request = RequestParser.Parse(Encoding.UTF8.GetBytes(body), EndpointKind.Completions, InstructionRendering.LastUserMessage);

        Assert.Equal(expected, Assert.Single(request.Instructions));
    }

    [Fact]
    public void Completions_PromptArray_OneInstructionEach()
    {
        var request = RequestParser.Parse(Encoding.UTF8.GetBytes("{\"prompt\": [\"a\", \"b\"]}"), EndpointKind.Completions, InstructionRendering.LastUserMessage);

        Assert.Equal(["a", "b"], request.Instructions);
    }

    [Theory]
    [InlineData("\"response_format\": {\"type\": \"json_object\"}, ", true)]
    [InlineData("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"x\"}}, ", true)]
    [InlineData("\"response_format\": {\"type\": \"text\"}, ", false)]
    [InlineData("", false)]
    public void ResponseFormat_DecidesRequiresJson(string responseFormat, bool expected)
    {
        var body = "{" + responseFormat + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

        var request = ParseChat(body);

        Assert.Equal(expected, request.RequiresJson);
    }

    [Fact]
    public void NAboveRouteMax_NamesParamN()
    {
        var exception = Assert.Throws<ProxyException>(() => RequestParser.Parse(
            Encoding.UTF8.GetBytes("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 17}"),
            EndpointKind.ChatCompletions,
            InstructionRendering.LastUserMessage,
            maxN: 16));

        Assert.Equal("n", exception.Param);
        Assert.Contains("MaxN", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"prompt\": 5}")]
    [InlineData("{\"prompt\": [1, 2, 3]}")]
    [InlineData("{\"prompt\": []}")]
    public void Completions_InvalidPrompt_NamesParamPrompt(string body)
    {
        var exception = Reject(body, EndpointKind.Completions);

        Assert.Equal(ProxyError.InvalidField, exception.Error);
        Assert.Equal("prompt", exception.Param);
    }
}
