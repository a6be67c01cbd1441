using System.Text.Json.Serialization;

namespace Cappy.UpstreamSimulator.Candidates;

/// <summary>One line of the candidates file: an instruction and the outputs that several models wrote for it.</summary>
internal sealed class CandidateRecord
{
    [JsonPropertyName("instruction")]
    public string? Instruction { get; init; }

    [JsonPropertyName("candidates")]
    public IReadOnlyList<CandidateOutput>? Candidates { get; init; }
}
