using Cappy.Proxy.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace Cappy.Proxy.Forwarding;

/// <summary>
/// Gives pass-through requests that YARP could not forward the same OpenAI error body as reranked ones. YARP sets
/// only the status (502, 503 or 504) and leaves the body empty, which OpenAI clients report as an unknown error.
/// Runs around the forwarder; responses that have started, including every reranked one, are left alone.
/// </summary>
internal static class ForwarderErrorBody
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        await next();

        var failure = context.GetForwarderErrorFeature();
        if (failure is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        // Errors not listed concern the client's side of the exchange (its request body, or a response already
        // under way), where YARP's status is the right response and a body would not reach anyone.
        (ProxyError Error, string Message)? body = failure.Error switch
        {
            ForwarderError.RequestTimedOut => (ProxyError.UpstreamTimeout, "The upstream did not respond in time."),
            ForwarderError.NoAvailableDestinations => (ProxyError.UpstreamUnreachable, "The route's cluster has no healthy destination; check the upstream servers and their health checks."),
            ForwarderError.Request or ForwarderError.RequestCreation => (ProxyError.UpstreamUnreachable, "The upstream is unreachable: the request could not be sent."),
            ForwarderError.ResponseHeaders => (ProxyError.UpstreamUnreachable, "The upstream failed before it sent response headers."),
            _ => null,
        };
        if (body is not { } found)
        {
            return;
        }

        await OpenAIError.WriteAsync(context, found.Error, found.Message, null, context.RequestAborted, context.Response.StatusCode >= 500 ? context.Response.StatusCode : null);
    }
}
