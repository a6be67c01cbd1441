using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cappy.Proxy.Forwarding;

/// <summary>
/// One upstream call's outcome: a parsed OpenAI response, or the raw status and body of an error answer.
/// <see cref="RetryAfter"/> is the upstream's <c>Retry-After</c> header as sent, so a rate limit reaches the client unchanged.
/// </summary>
internal sealed partial record UpstreamResponse(int StatusCode, JsonObject? Json, byte[] RawBody, string? ContentType, string? RetryAfter = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300 && Json?["choices"] is JsonArray;

    public JsonArray Choices => (JsonArray)Json!["choices"]!;

    /// <summary>The upstream's <c>error.message</c>, or its body text when it sent no OpenAI error.</summary>
    public string ErrorMessage
    {
        get
        {
            var message = Json?["error"] is JsonObject error ? error["message"]?.ToString() : null;
            return message ?? System.Text.Encoding.UTF8.GetString(RawBody, 0, Math.Min(RawBody.Length, 512));
        }
    }

    /// <summary>
    /// Whether the upstream refused the <c>n</c> parameter: a 400 whose error names <c>n</c>, or llama.cpp
    /// server's 500 "Only one completion choice is allowed".
    /// </summary>
    public bool RejectsN
    {
        get
        {
            if (StatusCode == 500)
            {
                return ErrorMessage.Contains("Only one completion choice is allowed", StringComparison.OrdinalIgnoreCase);
            }

            if (StatusCode != 400)
            {
                return false;
            }

            var param = Json?["error"] is JsonObject error ? error["param"]?.ToString() : null;
            return param == "n" || NamesNParameter().IsMatch(ErrorMessage);
        }
    }

    /// <summary>Matches <c>n</c> as a word of its own, optionally quoted: "'n' must be 1", "n is not supported".</summary>
    [GeneratedRegex(@"(^|[^\w])[`'""]?n[`'""]?([^\w]|$)")]
    private static partial Regex NamesNParameter();
}
