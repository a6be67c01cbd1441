namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>The fields of a chat or legacy completions request that the simulator acts on.</summary>
internal sealed record GenerationRequest
{
    /// <summary>
    /// The texts that select the outputs: the last user message for chat, each prompt for completions.
    /// </summary>
    public required IReadOnlyList<string> Prompts { get; init; }

    /// <summary>Whitespace-separated words of all message contents (chat) or of all prompts (completions).</summary>
    public required int PromptTokens { get; init; }

    /// <summary>The requested number of choices per prompt.</summary>
    public int N { get; init; } = 1;

    /// <summary>The word limit of each choice, or null for no limit.</summary>
    public int? MaxTokens { get; init; }

    public bool Stream { get; init; }

    /// <summary>Whether <c>stream_options.include_usage</c> requests a final usage chunk.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The requested model name, or null to report the configured one.</summary>
    public string? Model { get; init; }

    /// <summary>Whether token logprobs are requested (chat <c>logprobs: true</c>, completions <c>logprobs: k</c>).</summary>
    public bool Logprobs { get; init; }

    /// <summary>The number of top entries per token (chat <c>top_logprobs</c>, completions <c>logprobs</c>).</summary>
    public int TopLogprobs { get; init; }
}
