using Cappy.Proxy.Errors;

namespace Cappy.Proxy.Auth;

/// <summary>
/// Requires a configured API key on every request but the health and metrics endpoints, when keys are configured.
/// The key comes as <c>Authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>. A missing or wrong key gets 401 in
/// the OpenAI shape. A key accepted here belongs to the proxy, so it is not forwarded to the upstream.
/// </summary>
internal static class ApiKeyMiddleware
{
    /// <summary>Set in <see cref="HttpContext.Items"/> when the request's credentials were the proxy's own key.</summary>
    public const string ConsumedKeyItem = "cappy.inbound-key-consumed";

    private static readonly string[] OpenPaths = ["/healthz", "/readyz", "/metrics"];

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var keys = context.RequestServices.GetRequiredService<ApiKeys>();
        if (!keys.Enabled || OpenPaths.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)))
        {
            await next();
            return;
        }

        var key = ReadKey(context.Request);
        if (key is null || !keys.Accepts(key))
        {
            var message = key is not null
                ? "Invalid API key."
                : context.Request.Headers.Authorization.Count > 0
                    ? "The Authorization header has no Bearer key: send the key as 'Authorization: Bearer KEY' or 'x-api-key: KEY'."
                    : "Missing API key: send it as 'Authorization: Bearer KEY' or 'x-api-key: KEY'.";
            await OpenAIError.WriteAsync(context, ProxyError.Unauthorized, message, null, context.RequestAborted);
            return;
        }

        context.Items[ConsumedKeyItem] = true;
        await next();
    }

    private static string? ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers["x-api-key"].ToString();
        return apiKey.Length > 0 ? apiKey : null;
    }
}
