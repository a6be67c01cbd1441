namespace Cappy.Proxy.Forwarding;

/// <summary>How an upstream treats the OpenAI <c>n</c> parameter, learned from its answers.</summary>
internal enum NParameterSupport
{
    /// <summary>Not yet seen: send <c>n</c> and watch the answer.</summary>
    Unknown,

    /// <summary>Returns n choices (vLLM, OpenAI).</summary>
    Honored,

    /// <summary>Returns one choice whatever n is (Ollama, TGI).</summary>
    Ignored,

    /// <summary>Answers an error for n ≠ 1 (older llama.cpp server).</summary>
    Rejected,
}
