namespace Cappy.UpstreamSimulator.Generation;

/// <summary>One choice of a response, already truncated to <c>max_tokens</c>.</summary>
/// <param name="Index">The choice's <c>index</c> field.</param>
/// <param name="Text">The message content (chat) or text (completions).</param>
/// <param name="FinishReason"><c>stop</c>, or <c>length</c> when the output was cut at <c>max_tokens</c>.</param>
/// <param name="Tokens">The whitespace tokens of <paramref name="Text"/>; they concatenate to it.</param>
internal sealed record GeneratedChoice(int Index, string Text, string FinishReason, IReadOnlyList<string> Tokens);
