using System.Text.Json.Nodes;

namespace Cappy.UpstreamSimulator.Observability;

/// <summary>Request counters served by <c>GET /sim/stats</c>; safe to update from concurrent requests.</summary>
internal sealed class SimulatorStats
{
    private long _requests;
    private long _chat;
    private long _completions;
    private long _embeddings;
    private long _rejectedN;
    private long _injectedFailures;
    private long _aborted;
    private readonly HashSet<string> _authorizations = [];

    /// <summary>Counts any request to a <c>/v1</c> endpoint, including invalid and failed ones.</summary>
    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountChat() => Interlocked.Increment(ref _chat);

    public void CountCompletion() => Interlocked.Increment(ref _completions);

    public void CountEmbedding() => Interlocked.Increment(ref _embeddings);

    /// <summary>Counts a request rejected with the reject-mode HTTP 500 because its <c>n</c> was not 1.</summary>
    public void CountRejectedN() => Interlocked.Increment(ref _rejectedN);

    public void CountInjectedFailure() => Interlocked.Increment(ref _injectedFailures);

    /// <summary>Counts a <c>/v1</c> request whose client disconnected before the response was complete.</summary>
    public void CountAborted() => Interlocked.Increment(ref _aborted);

    /// <summary>Records an <c>Authorization</c> header value (or "none"), so tests can check what a proxy forwarded.</summary>
    public void RecordAuthorization(string? value)
    {
        lock (_authorizations)
        {
            _authorizations.Add(value ?? "none");
        }
    }

    public JsonObject ToJson() => new()
    {
        ["requests"] = Interlocked.Read(ref _requests),
        ["chat"] = Interlocked.Read(ref _chat),
        ["completions"] = Interlocked.Read(ref _completions),
        ["embeddings"] = Interlocked.Read(ref _embeddings),
        ["rejected_n"] = Interlocked.Read(ref _rejectedN),
        ["injected_failures"] = Interlocked.Read(ref _injectedFailures),
        ["aborted"] = Interlocked.Read(ref _aborted),
        ["authorization"] = AuthorizationsJson(),
    };

    private JsonArray AuthorizationsJson()
    {
        lock (_authorizations)
        {
            return new JsonArray(_authorizations.Order(StringComparer.Ordinal).Select(value => (JsonNode)value).ToArray());
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _chat, 0);
        Interlocked.Exchange(ref _completions, 0);
        Interlocked.Exchange(ref _embeddings, 0);
        Interlocked.Exchange(ref _rejectedN, 0);
        Interlocked.Exchange(ref _injectedFailures, 0);
        Interlocked.Exchange(ref _aborted, 0);
        lock (_authorizations)
        {
            _authorizations.Clear();
        }
    }
}
