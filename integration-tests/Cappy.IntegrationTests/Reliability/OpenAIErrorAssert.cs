using System.Text.Json;
using Xunit;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>Checks that a response body is an OpenAI error object: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal static class OpenAIErrorAssert
{
    /// <summary>Asserts the shape and returns the <c>error</c> object.</summary>
    public static JsonElement WellFormed(string body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            Assert.Fail($"error body is not JSON ({exception.Message}): {body}");
            throw;
        }

        Assert.True(root.ValueKind == JsonValueKind.Object, $"error body is not an object: {body}");
        Assert.True(root.TryGetProperty("error", out var error), $"error body has no error field: {body}");
        Assert.Equal(JsonValueKind.Object, error.ValueKind);
        Assert.True(error.TryGetProperty("message", out var message), $"error.message is missing: {body}");
        Assert.Equal(JsonValueKind.String, message.ValueKind);
        Assert.NotEmpty(message.GetString()!);
        Assert.True(error.TryGetProperty("type", out var type), $"error.type is missing: {body}");
        Assert.Equal(JsonValueKind.String, type.ValueKind);
        Assert.True(error.TryGetProperty("param", out _), $"error.param is missing: {body}");
        Assert.True(error.TryGetProperty("code", out _), $"error.code is missing: {body}");
        return error;
    }
}
