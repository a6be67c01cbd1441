using System.Text.Json.Nodes;

namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>Error responses in the OpenAI shape <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal static class OpenAiErrors
{
    /// <summary>
    /// The exact body an older llama.cpp server sends when <c>n</c> is not 1; its field order differs from the
    /// other errors, so it is kept as literal text.
    /// </summary>
    public const string OnlyOneChoiceBody =
        """{"error":{"code":500,"message":"Only one completion choice is allowed","type":"server_error"}}""";

    public static IResult InvalidRequest(RequestError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Create(error.Message, "invalid_request_error", error.Param, StatusCodes.Status400BadRequest);
    }

    public static IResult InvalidJson(string detail) =>
        Create($"The request body is not valid JSON: {detail}", "invalid_request_error", null, StatusCodes.Status400BadRequest);

    public static IResult BodyNotObject() =>
        Create("The request body must be a JSON object.", "invalid_request_error", null, StatusCodes.Status400BadRequest);

    public static IResult InjectedFailure(long requestNumber) =>
        Create(
            $"Simulated upstream failure on generation request {requestNumber}; retry the request.",
            "server_error",
            null,
            StatusCodes.Status500InternalServerError);

    public static IResult OnlyOneChoice() =>
        Results.Text(OnlyOneChoiceBody, "application/json", statusCode: StatusCodes.Status500InternalServerError);

    // Like vLLM, the code field carries the HTTP status as a number.
    private static IResult Create(string message, string type, string? param, int statusCode)
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = type,
                ["param"] = param,
                ["code"] = statusCode,
            },
        };
        return JsonOutput.Result(body, statusCode);
    }
}
