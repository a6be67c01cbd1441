using Cappy.Proxy.Configuration;

namespace Cappy.Proxy.Reranking;

/// <summary>Where a reranking request goes: its YARP route, its settings and the destination chosen for it.</summary>
internal sealed record RerankTarget(string RouteId, RerankOptions Options, EndpointKind Endpoint, string DestinationAddress);
