using System.Text.Json;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

/// <summary>Splits a server-sent event body into its JSON chunks, asserting the OpenAI framing on the way.</summary>
internal static class StreamEvents
{
    public static IReadOnlyList<JsonElement> ParseChunks(string body)
    {
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);

        var events = body.Split("\n\n", StringSplitOptions.None);

        // The body ends with a blank line, so the split leaves one empty entry after [DONE].
        Assert.Equal(string.Empty, events[^1]);
        Assert.Equal("data: [DONE]", events[^2]);

        var chunks = new List<JsonElement>();
        foreach (var streamEvent in events[..^2])
        {
            Assert.StartsWith("data: ", streamEvent, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', streamEvent);
            chunks.Add(JsonDocument.Parse(streamEvent["data: ".Length..]).RootElement.Clone());
        }

        return chunks;
    }
}
