namespace Cappy.Proxy.Errors;

/// <summary>The one table from <see cref="ProxyError"/> to HTTP status, OpenAI error type and error code.</summary>
internal static class ProxyErrorTable
{
    /// <summary>The wire form of an error kind.</summary>
    public readonly record struct Entry(int StatusCode, string Type, string Code);

    public static Entry Get(ProxyError error) => error switch
    {
        ProxyError.InvalidJson => new(StatusCodes.Status400BadRequest, "invalid_request_error", "invalid_json"),
        ProxyError.InvalidField => new(StatusCodes.Status400BadRequest, "invalid_request_error", "invalid_value"),
        ProxyError.Unauthorized => new(StatusCodes.Status401Unauthorized, "invalid_request_error", "invalid_api_key"),
        ProxyError.RouteNotFound => new(StatusCodes.Status404NotFound, "invalid_request_error", "not_found"),
        ProxyError.BodyTooLarge => new(StatusCodes.Status413PayloadTooLarge, "invalid_request_error", "request_too_large"),
        ProxyError.UpstreamUnreachable => new(StatusCodes.Status502BadGateway, "upstream_error", "upstream_unreachable"),
        ProxyError.UpstreamTimeout => new(StatusCodes.Status504GatewayTimeout, "upstream_error", "upstream_timeout"),
        ProxyError.UpstreamFailed => new(StatusCodes.Status502BadGateway, "upstream_error", "upstream_failed"),
        ProxyError.BelowMinScore => new(StatusCodes.Status422UnprocessableEntity, "quality_error", "below_min_score"),
        ProxyError.ScorerOverloaded => new(StatusCodes.Status429TooManyRequests, "rate_limit_error", "scorer_overloaded"),
        ProxyError.Internal => new(StatusCodes.Status500InternalServerError, "server_error", "internal_error"),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "unknown proxy error"),
    };
}
