namespace Cappy.Proxy.Errors;

/// <summary>
/// A failure that ends a reranking request with an OpenAI-shaped error. <see cref="Param"/> names the
/// request field at fault, as OpenAI's <c>error.param</c>; <see cref="StatusCode"/> overrides the error table's
/// status where a route configures its own.
/// </summary>
internal sealed class ProxyException : Exception
{
    public ProxyException(ProxyError error, string message, string? param = null, Exception? innerException = null, int? statusCode = null)
        : base(message, innerException)
    {
        Error = error;
        Param = param;
        StatusCode = statusCode;
    }

    public ProxyError Error { get; }

    public string? Param { get; }

    public int? StatusCode { get; }
}
