using System.Text.Json.Serialization;

namespace Cappy.UpstreamSimulator.Candidates;

/// <summary>One stored model output. Only <see cref="Output"/> is served; the other fields are parsed but unused.</summary>
internal sealed class CandidateOutput
{
    [JsonPropertyName("generator")]
    public string? Generator { get; init; }

    [JsonPropertyName("output")]
    public string? Output { get; init; }

    [JsonPropertyName("win_prob")]
    public double? WinProbability { get; init; }
}
