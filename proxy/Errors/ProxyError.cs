namespace Cappy.Proxy.Errors;

/// <summary>
/// Every failure the reranking path reports to a client. <see cref="ProxyErrorTable"/> maps each to its HTTP
/// status, OpenAI <c>error.type</c> and <c>error.code</c>.
/// </summary>
internal enum ProxyError
{
    /// <summary>The request body is not valid JSON, or not a JSON object.</summary>
    InvalidJson,

    /// <summary>A field of the request has a missing or invalid value.</summary>
    InvalidField,

    /// <summary>Inbound API keys are configured and the request's key is missing or wrong.</summary>
    Unauthorized,

    /// <summary>No route matches the request's path.</summary>
    RouteNotFound,

    /// <summary>The request body is larger than the configured maximum.</summary>
    BodyTooLarge,

    /// <summary>No connection to the upstream could be made.</summary>
    UpstreamUnreachable,

    /// <summary>The upstream did not respond within the route's timeout.</summary>
    UpstreamTimeout,

    /// <summary>The upstream answered with a server error or a body that is not an OpenAI response.</summary>
    UpstreamFailed,

    /// <summary>No candidate reached the route's minimum score and the route answers with an error.</summary>
    BelowMinScore,

    /// <summary>The scorer's queue is full and the route rejects instead of degrading.</summary>
    ScorerOverloaded,

    /// <summary>A bug in the proxy: an exception nothing else handled.</summary>
    Internal,
}
