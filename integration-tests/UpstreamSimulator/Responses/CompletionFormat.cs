using System.Text.Json.Nodes;
using Cappy.UpstreamSimulator.Generation;
using Cappy.UpstreamSimulator.Protocol;

namespace Cappy.UpstreamSimulator.Responses;

/// <summary>Choices and stream pieces of legacy <c>/v1/completions</c>, shaped as vLLM sends them.</summary>
internal sealed class CompletionFormat : IResponseFormat
{
    public static CompletionFormat Instance { get; } = new();

    public string IdPrefix => "cmpl-";

    public string ObjectName => "text_completion";

    public string ChunkObjectName => "text_completion";

    public JsonObject BuildChoice(GeneratedChoice choice, GenerationRequest request, int seed)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(request);

        return new JsonObject
        {
            ["index"] = choice.Index,
            ["text"] = choice.Text,
            ["logprobs"] = request.Logprobs
                ? LogprobBuilder.BuildCompletion(choice.Tokens, 0, choice.Tokens.Count, request.TopLogprobs, seed)
                : null,
            ["finish_reason"] = choice.FinishReason,
            ["stop_reason"] = null,
        };
    }

    // Streamed completions have no role, so the first chunk already carries text.
    public JsonObject? BuildOpeningDelta(GeneratedChoice choice) => null;

    public JsonObject BuildPieceDelta(GeneratedChoice choice, int start, int count, GenerationRequest request, int seed)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(request);

        return new JsonObject
        {
            ["index"] = choice.Index,
            ["text"] = WordTokens.Join(choice.Tokens.Skip(start).Take(count)),
            ["logprobs"] = request.Logprobs
                ? LogprobBuilder.BuildCompletion(choice.Tokens, start, count, request.TopLogprobs, seed)
                : null,
            ["finish_reason"] = null,
        };
    }

    public JsonObject BuildFinishDelta(GeneratedChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);

        return new JsonObject
        {
            ["index"] = choice.Index,
            ["text"] = string.Empty,
            ["logprobs"] = null,
            ["finish_reason"] = choice.FinishReason,
            ["stop_reason"] = null,
        };
    }
}
