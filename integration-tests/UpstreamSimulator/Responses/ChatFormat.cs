using System.Text.Json.Nodes;
using Cappy.UpstreamSimulator.Generation;
using Cappy.UpstreamSimulator.Protocol;

namespace Cappy.UpstreamSimulator.Responses;

/// <summary>Choices and deltas of <c>/v1/chat/completions</c>, shaped as vLLM sends them.</summary>
internal sealed class ChatFormat : IResponseFormat
{
    public static ChatFormat Instance { get; } = new();

    public string IdPrefix => "chatcmpl-";

    public string ObjectName => "chat.completion";

    public string ChunkObjectName => "chat.completion.chunk";

    public JsonObject BuildChoice(GeneratedChoice choice, GenerationRequest request, int seed)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(request);

        return new JsonObject
        {
            ["index"] = choice.Index,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = choice.Text },
            ["logprobs"] = request.Logprobs
                ? LogprobBuilder.BuildChat(choice.Tokens, 0, choice.Tokens.Count, request.TopLogprobs, seed)
                : null,
            ["finish_reason"] = choice.FinishReason,
            ["stop_reason"] = null,
        };
    }

    public JsonObject? BuildOpeningDelta(GeneratedChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);

        return new JsonObject
        {
            ["index"] = choice.Index,
            ["delta"] = new JsonObject { ["role"] = "assistant", ["content"] = string.Empty },
            ["logprobs"] = null,
            ["finish_reason"] = null,
        };
    }

    public JsonObject BuildPieceDelta(GeneratedChoice choice, int start, int count, GenerationRequest request, int seed)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(request);

        return new JsonObject
        {
            ["index"] = choice.Index,
            ["delta"] = new JsonObject { ["content"] = WordTokens.Join(choice.Tokens.Skip(start).Take(count)) },
            ["logprobs"] = request.Logprobs
                ? LogprobBuilder.BuildChat(choice.Tokens, start, count, request.TopLogprobs, seed)
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
            ["delta"] = new JsonObject(),
            ["logprobs"] = null,
            ["finish_reason"] = choice.FinishReason,
            ["stop_reason"] = null,
        };
    }
}
