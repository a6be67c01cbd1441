using System.Text;
using System.Text.Json.Nodes;
using Cappy.Proxy.Forwarding;
using Xunit;

namespace Cappy.Proxy.Tests.Forwarding;

public sealed class UpstreamResponseTests
{
    private static UpstreamResponse Create(int status, string body) =>
        new(status, JsonNode.Parse(body) as JsonObject, Encoding.UTF8.GetBytes(body), "application/json");

    [Theory]
    [InlineData(500, "{\"error\":{\"code\":500,\"message\":\"Only one completion choice is allowed\",\"type\":\"server_error\"}}", true)]
    [InlineData(400, "{\"error\":{\"message\":\"bad value\",\"type\":\"invalid_request_error\",\"param\":\"n\"}}", true)]
    [InlineData(400, "{\"error\":{\"message\":\"'n' must be 1 for this model\"}}", true)]
    [InlineData(400, "{\"error\":{\"message\":\"n is not supported\"}}", true)]
    [InlineData(400, "{\"error\":{\"message\":\"messages must not be empty\"}}", false)]
    [InlineData(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}", false)]
    [InlineData(401, "{\"error\":{\"message\":\"n is not allowed without a key\"}}", false)]
    public void RejectsN_RecognisesRefusalsOfN(int status, string body, bool expected)
    {
        Assert.Equal(expected, Create(status, body).RejectsN);
    }

    [Fact]
    public void IsSuccess_RequiresChoicesArray()
    {
        Assert.True(Create(200, "{\"choices\": []}").IsSuccess);
        Assert.False(Create(200, "{\"result\": 1}").IsSuccess);
        Assert.False(Create(503, "{\"choices\": []}").IsSuccess);
    }
}
