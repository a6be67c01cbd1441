namespace Cappy.UpstreamSimulator;

/// <summary>How the simulator treats the OpenAI <c>n</c> parameter, modelled on real inference servers.</summary>
public enum NMode
{
    /// <summary>Returns <c>n</c> choices per prompt, as vLLM does.</summary>
    Honor,

    /// <summary>Returns one choice whatever <c>n</c> is, as Ollama and TGI do.</summary>
    Ignore,

    /// <summary>Answers HTTP 500 when <c>n</c> is not 1, as older llama.cpp servers do.</summary>
    Reject,
}
