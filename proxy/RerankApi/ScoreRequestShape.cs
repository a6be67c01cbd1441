namespace Cappy.Proxy.RerankApi;

/// <summary>The request format of <c>POST /v1/score</c>, which also picks the response format.</summary>
internal enum ScoreRequestShape
{
    /// <summary><c>{"pairs": [{"instruction", "response"}]}</c>, answered with <c>{"model", "scores"}</c>.</summary>
    Pairs,

    /// <summary>vLLM's <c>{"text_1", "text_2"}</c>, answered with vLLM's <c>{"object": "list", "data": [...]}</c>.</summary>
    TextPairs,
}
