using System.Text.Json;

namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>Reads a request body as a JSON object, or builds the 400 response that vLLM would send.</summary>
internal static class RequestBodyReader
{
    /// <summary>
    /// Returns the parsed document, or null and an error response when the body is not valid JSON or not an object.
    /// The caller disposes the document.
    /// </summary>
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadObjectAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            return (null, OpenAiErrors.InvalidJson(exception.Message));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, OpenAiErrors.BodyNotObject());
        }

        return (document, null);
    }
}
