using System.Text.Json.Nodes;
using Cappy.UpstreamSimulator.Generation;
using Cappy.UpstreamSimulator.Protocol;

namespace Cappy.UpstreamSimulator.Responses;

/// <summary>Builds whole responses and stream chunks around the choices of one request.</summary>
internal sealed class ResponseBuilder(IResponseFormat format, ResponseMetadata metadata, GenerationRequest request, int seed)
{
    /// <summary>The number of tokens in each streamed content piece.</summary>
    public const int TokensPerPiece = 3;

    /// <summary>A fixed <c>system_fingerprint</c>, so clients that read the field find a value.</summary>
    public const string SystemFingerprint = "fp_upstream_simulator";

    public JsonObject BuildResponse(IReadOnlyList<GeneratedChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);

        var body = CreateEnvelope(format.ObjectName);
        body["choices"] = new JsonArray(choices.Select(choice => (JsonNode)format.BuildChoice(choice, request, seed)).ToArray());
        body["usage"] = BuildUsage(choices);
        return body;
    }

    /// <summary>
    /// Returns the stream chunks: the opening delta of every choice, then content pieces of
    /// <see cref="TokensPerPiece"/> tokens interleaved by choice index, then the finish delta of every choice,
    /// then a usage chunk with empty <c>choices</c> when the request asked for one. Each chunk carries one choice.
    /// </summary>
    public IReadOnlyList<JsonObject> BuildChunks(IReadOnlyList<GeneratedChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);

        var chunks = new List<JsonObject>();
        foreach (var choice in choices)
        {
            if (format.BuildOpeningDelta(choice) is { } opening)
            {
                chunks.Add(CreateChunk(opening));
            }
        }

        var maxTokens = choices.Count == 0 ? 0 : choices.Max(choice => choice.Tokens.Count);
        for (var start = 0; start < maxTokens; start += TokensPerPiece)
        {
            foreach (var choice in choices)
            {
                if (start < choice.Tokens.Count)
                {
                    var count = Math.Min(TokensPerPiece, choice.Tokens.Count - start);
                    chunks.Add(CreateChunk(format.BuildPieceDelta(choice, start, count, request, seed)));
                }
            }
        }

        foreach (var choice in choices)
        {
            chunks.Add(CreateChunk(format.BuildFinishDelta(choice)));
        }

        if (request.IncludeUsage)
        {
            var usageChunk = CreateEnvelope(format.ChunkObjectName);
            usageChunk["choices"] = new JsonArray();
            usageChunk["usage"] = BuildUsage(choices);
            chunks.Add(usageChunk);
        }

        return chunks;
    }

    private JsonObject CreateChunk(JsonObject choice)
    {
        var chunk = CreateEnvelope(format.ChunkObjectName);
        chunk["choices"] = new JsonArray(choice);
        return chunk;
    }

    private JsonObject CreateEnvelope(string objectName) => new()
    {
        ["id"] = metadata.Id,
        ["object"] = objectName,
        ["created"] = metadata.Created,
        ["model"] = metadata.Model,
        ["system_fingerprint"] = SystemFingerprint,
    };

    // Tokens are whitespace-separated words: the prompt counts once, completions add up over the returned choices.
    private JsonObject BuildUsage(IReadOnlyList<GeneratedChoice> choices)
    {
        var completionTokens = choices.Sum(choice => choice.Tokens.Count);
        return new JsonObject
        {
            ["prompt_tokens"] = request.PromptTokens,
            ["completion_tokens"] = completionTokens,
            ["total_tokens"] = request.PromptTokens + completionTokens,
        };
    }
}
