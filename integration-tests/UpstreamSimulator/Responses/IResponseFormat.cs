using System.Text.Json.Nodes;
using Cappy.UpstreamSimulator.Generation;
using Cappy.UpstreamSimulator.Protocol;

namespace Cappy.UpstreamSimulator.Responses;

/// <summary>The parts of a response that differ between chat and legacy completions.</summary>
internal interface IResponseFormat
{
    /// <summary>The prefix of response ids: <c>chatcmpl-</c> or <c>cmpl-</c>.</summary>
    string IdPrefix { get; }

    /// <summary>The <c>object</c> field of a whole response.</summary>
    string ObjectName { get; }

    /// <summary>The <c>object</c> field of a stream chunk.</summary>
    string ChunkObjectName { get; }

    /// <summary>Builds one choice of a whole response.</summary>
    JsonObject BuildChoice(GeneratedChoice choice, GenerationRequest request, int seed);

    /// <summary>Builds the chunk choice that opens a streamed choice, or returns null when the format has none.</summary>
    JsonObject? BuildOpeningDelta(GeneratedChoice choice);

    /// <summary>Builds the chunk choice that carries tokens [start, start + count) of a choice.</summary>
    JsonObject BuildPieceDelta(GeneratedChoice choice, int start, int count, GenerationRequest request, int seed);

    /// <summary>Builds the chunk choice that carries the finish reason.</summary>
    JsonObject BuildFinishDelta(GeneratedChoice choice);
}
