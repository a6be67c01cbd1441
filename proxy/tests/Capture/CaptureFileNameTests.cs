using Cappy.Proxy.Capture;
using Xunit;

namespace Cappy.Proxy.Tests.Capture;

public sealed class CaptureFileNameTests
{
    [Fact]
    public void Format_HasRouteUtcTimeAndSequence()
    {
        var opened = new DateTimeOffset(2026, 12, 4, 21, 51, 0, TimeSpan.FromHours(1));

        var name = CaptureFileName.Format("chat", opened, 1);

        Assert.Equal("capture-chat-20261204T205100Z-0001.jsonl", name);
    }

    [Theory]
    [InlineData("chat", "chat")]
    [InlineData("chat-large.v2_b", "chat-large.v2_b")]
    [InlineData("a/b c", "a_b_c")]
    [InlineData("../x", ".._x")]
    public void ToRouteToken_KeepsOnlyFileNameCharacters(string routeId, string expected)
    {
        Assert.Equal(expected, CaptureFileName.ToRouteToken(routeId));
    }

    [Fact]
    public void TryParse_ReadsRouteEndingInDigits()
    {
        var parsed = CaptureFileName.TryParse("capture-chat-2-20261204T205100Z-0012.jsonl", "chat-2", out var timestamp, out var sequence);

        Assert.True(parsed);
        Assert.Equal("20261204T205100Z", timestamp);
        Assert.Equal(12, sequence);
    }

    [Theory]
    [InlineData("capture-chat-2-20261204T205100Z-0012.jsonl")]
    [InlineData("capture-chat-20261204T205100Z-0012.json")]
    [InlineData("capture-chat-20261204-0012.jsonl")]
    [InlineData("notes.jsonl")]
    public void TryParse_RejectsOtherRoutesAndNames(string fileName)
    {
        Assert.False(CaptureFileName.TryParse(fileName, "chat", out _, out _));
    }
}
