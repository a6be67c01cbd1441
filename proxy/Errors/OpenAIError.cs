using System.Text.Json.Nodes;

namespace Cappy.Proxy.Errors;

/// <summary>Builds and writes the OpenAI error body <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal static class OpenAIError
{
    public static JsonObject CreateBody(ProxyError error, string message, string? param)
    {
        var entry = ProxyErrorTable.Get(error);
        return new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = entry.Type,
                ["param"] = param,
                ["code"] = entry.Code,
            },
        };
    }

    /// <summary>Writes the error as the whole response, unless the response has already started.</summary>
    public static async Task WriteAsync(HttpContext context, ProxyError error, string message, string? param, CancellationToken cancellationToken, int? statusCode = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = statusCode ?? ProxyErrorTable.Get(error).StatusCode;
        if (error == ProxyError.ScorerOverloaded)
        {
            // The queue drains within about one batch, so a client may come back after a second.
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(CreateBody(error, message, param).ToJsonString(WireJson.Options), cancellationToken);
    }
}
