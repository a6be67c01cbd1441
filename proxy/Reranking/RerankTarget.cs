using Cappy.Proxy.Auth;
using Cappy.Proxy.Configuration;

namespace Cappy.Proxy.Reranking;

/// <summary>
/// Where a reranking request goes: its YARP route, its settings, the destination chosen for it and the
/// credentials its upstream calls carry.
/// </summary>
internal sealed record RerankTarget(string RouteId, RerankOptions Options, EndpointKind Endpoint, string DestinationAddress, UpstreamCredentials.Decision Credentials);
