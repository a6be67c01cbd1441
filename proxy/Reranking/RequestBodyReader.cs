using Cappy.Proxy.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Cappy.Proxy.Reranking;

/// <summary>Reads a request body whole, up to a limit; a larger body raises a 413 <see cref="ProxyException"/>.</summary>
internal static class RequestBodyReader
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // Kestrel's own limit would end the request with a bare 413; this reader enforces the configured one.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes + 1;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception)
        {
            throw exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(maxBytes)
                : new ProxyException(ProxyError.InvalidJson, $"The request body could not be read: {exception.Message}");
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static ProxyException TooLarge(long maxBytes) =>
        new(ProxyError.BodyTooLarge, $"The request body is larger than the limit of {maxBytes} bytes (setting --max-request-body-bytes, or the route's Rerank:MaxRequestBodyBytes).");
}
