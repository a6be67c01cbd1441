namespace Cappy.Proxy.RerankApi;

/// <summary>The request format of <c>POST /v1/score</c>, which also picks the response format.</summary>
internal enum ScoreRequestShape
{
    /// <summary><c>{"pairs": [{"instruction", "response"}]}</c>, with the response <c>{"model", "scores"}</c>.</summary>
    Pairs,

    /// <summary>vLLM's <c>{"text_1", "text_2"}</c>, with vLLM's response <c>{"object": "list", "data": [...]}</c>.</summary>
    TextPairs,
}
