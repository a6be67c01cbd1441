using System.Text.Json.Nodes;

namespace Cappy.Proxy.Reranking;

/// <summary>A validated client request on a reranking route.</summary>
/// <param name="Endpoint">Chat or legacy completions.</param>
/// <param name="Body">The client's JSON body, unchanged; upstream bodies are built from copies of it.</param>
/// <param name="Instruction">The text the scorer pairs with every candidate.</param>
/// <param name="ReturnCount">Choices to return: the client's <c>n</c>, default 1.</param>
/// <param name="Stream">Whether the client asked for server-sent events.</param>
/// <param name="IncludeUsage">Whether a streamed response ends with a usage chunk (<c>stream_options.include_usage</c>).</param>
internal sealed record RerankRequest(
    EndpointKind Endpoint,
    JsonObject Body,
    string Instruction,
    int ReturnCount,
    bool Stream,
    bool IncludeUsage);
