using System.Text.Json;
using System.Text.Json.Nodes;
using Cappy.Proxy.Errors;
using Xunit;

namespace Cappy.Proxy.Tests.Errors;

public sealed class JsonErrorTextTests
{
    private static JsonException ParseError(string json) => Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(json));

    [Fact]
    public void Describe_CountsLineAndByteFromOne()
    {
        // Line 3 starts with a value where a comma or '}' belongs; its first byte is byte 1.
        var text = JsonErrorText.Describe(ParseError("{\n\"a\": 1\n\"b\": 2}"));

        Assert.EndsWith("(line 3, byte 1)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_DropsReaderAdvice()
    {
        var text = JsonErrorText.Describe(ParseError("{\"a\": 1,}"));

        Assert.Contains("trailing comma", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", text, StringComparison.Ordinal);
        Assert.EndsWith("(line 1, byte 9)", text, StringComparison.Ordinal);
    }
}
