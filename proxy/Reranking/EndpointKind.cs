namespace Cappy.Proxy.Reranking;

/// <summary>The two OpenAI generation endpoints the reranker answers.</summary>
internal enum EndpointKind
{
    /// <summary><c>POST /v1/chat/completions</c>: choices carry a <c>message</c>.</summary>
    ChatCompletions,

    /// <summary><c>POST /v1/completions</c> (legacy): choices carry a <c>text</c>.</summary>
    Completions,
}
