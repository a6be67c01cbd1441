using System.Text.Json.Nodes;

namespace Cappy.Proxy.Forwarding;

/// <summary>
/// Everything the upstream returned for one client request: its successful responses in call order, and the
/// status of the first call.
/// </summary>
internal sealed record CandidateSet(IReadOnlyList<JsonObject> Responses, int UpstreamStatus)
{
    /// <summary>Every choice of every response, in call order and then choice order.</summary>
    public IEnumerable<JsonObject> Choices =>
        Responses.SelectMany(response => ((JsonArray)response["choices"]!).OfType<JsonObject>());
}
