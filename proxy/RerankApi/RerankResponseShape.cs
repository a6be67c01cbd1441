namespace Cappy.Proxy.RerankApi;

/// <summary>The wire format a rerank endpoint reads and writes.</summary>
internal enum RerankResponseShape
{
    /// <summary><c>POST /v1/rerank</c>: Cohere and Jina requests, answered with <c>{"id", "model", "results"}</c>.</summary>
    CohereJina,

    /// <summary><c>POST /rerank</c>: HuggingFace text-embeddings-inference requests, answered with a JSON array.</summary>
    Tei,
}
