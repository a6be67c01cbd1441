using System.Net;
using System.Text.Json;
using Cappy.UpstreamSimulator;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

public sealed class SimulatorValidationTests
{
    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/completions")]
    [InlineData("/v1/embeddings")]
    public async Task InvalidJson_Returns400InvalidRequestError(string path)
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());

        using var response = await host.PostJsonAsync(path, "{\"messages\": [");
        var error = await ReadErrorAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("param", out _));
        Assert.Equal(400, error.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model": "m"}""", "messages")]
    [InlineData("/v1/chat/completions", """{"messages": []}""", "messages")]
    [InlineData("/v1/completions", """{"model": "m"}""", "prompt")]
    [InlineData("/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "n": 0}""", "n")]
    [InlineData("/v1/completions", """{"prompt": "hi", "n": -1}""", "n")]
    [InlineData("/v1/completions", """{"prompt": "hi", "n": "two"}""", "n")]
    [InlineData("/v1/completions", """{"prompt": "hi", "max_tokens": 0}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "stream_options": {"include_usage": true}}""", "stream_options")]
    [InlineData("/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "top_logprobs": 2}""", "top_logprobs")]
    [InlineData("/v1/embeddings", """{"model": "m"}""", "input")]
    public async Task InvalidField_Returns400NamingParam(string path, string body, string param)
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());

        using var response = await host.PostJsonAsync(path, body);
        var error = await ReadErrorAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task BodyNotObject_Returns400()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions());

        using var response = await host.PostJsonAsync("/v1/chat/completions", "[1, 2]");
        var error = await ReadErrorAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    private static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.GetProperty("error").Clone();
    }
}
