namespace Cappy.Proxy.Bench;

/// <summary>How one benchmark request ended.</summary>
internal enum ChatRequestOutcome
{
    /// <summary>2xx with the answer of the request's own prompt.</summary>
    Answered,

    /// <summary>A complete response with a status other than 2xx.</summary>
    Error,

    /// <summary>No complete response (connection failure, timeout, truncated body), or an answer of another prompt.</summary>
    Lost,
}
