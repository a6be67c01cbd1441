namespace Cappy.Proxy.RerankApi;

/// <summary>The wire format a rerank endpoint reads and writes.</summary>
internal enum RerankResponseShape
{
    /// <summary><c>POST /v1/rerank</c>: Cohere and Jina requests, with the response <c>{"id", "model", "results"}</c>.</summary>
    CohereJina,

    /// <summary><c>POST /rerank</c>: HuggingFace text-embeddings-inference requests, with a JSON array as the response.</summary>
    Tei,
}
