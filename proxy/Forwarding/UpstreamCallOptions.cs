using Cappy.Proxy.Auth;

namespace Cappy.Proxy.Forwarding;

/// <summary>What every upstream call of one client request carries: the client's headers and the call limits.</summary>
/// <param name="ClientHeaders">Headers of the client's request; end-to-end ones are copied to each call.</param>
/// <param name="Credentials">Whether and how the <c>Authorization</c> header is replaced.</param>
/// <param name="CallTimeout">Time allowed for one call, or null for no limit of its own.</param>
internal sealed record UpstreamCallOptions(IHeaderDictionary ClientHeaders, UpstreamCredentials.Decision Credentials, TimeSpan? CallTimeout);
