using Cappy.Proxy.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace Cappy.Proxy.Forwarding;

/// <summary>
/// Tells YARP's passive health checks that the reranker's own calls to a destination failed, as YARP's forwarder
/// does for the requests it proxies: the failure is attached to the request as an <see cref="IForwarderErrorFeature"/>.
/// </summary>
internal sealed class UpstreamFailureReport(ForwarderError error, Exception? exception) : IForwarderErrorFeature
{
    public ForwarderError Error { get; } = error;

    public Exception? Exception { get; } = exception;

    /// <summary>Attaches the failure when it is the destination's fault: unreachable or timed out.</summary>
    public static void Attach(HttpContext context, ProxyException exception)
    {
        var error = exception.Error switch
        {
            ProxyError.UpstreamUnreachable => ForwarderError.Request,
            ProxyError.UpstreamTimeout => ForwarderError.RequestTimedOut,
            _ => ForwarderError.None,
        };
        if (error != ForwarderError.None)
        {
            context.Features.Set<IForwarderErrorFeature>(new UpstreamFailureReport(error, exception));
        }
    }
}
