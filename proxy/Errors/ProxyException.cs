namespace Cappy.Proxy.Errors;

/// <summary>
/// A failure that ends a reranking request with an OpenAI-shaped error. <see cref="Param"/> names the
/// request field at fault, as OpenAI's <c>error.param</c>.
/// </summary>
internal sealed class ProxyException : Exception
{
    public ProxyException(ProxyError error, string message, string? param = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        Param = param;
    }

    public ProxyError Error { get; }

    public string? Param { get; }
}
