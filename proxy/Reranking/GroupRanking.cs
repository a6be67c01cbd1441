using Cappy.Proxy.Forwarding;

namespace Cappy.Proxy.Reranking;

/// <summary>The candidates of one prompt, ranked.</summary>
/// <param name="Set">The upstream responses they came from.</param>
/// <param name="Candidates">Every candidate, in arrival order.</param>
/// <param name="Order">Positions in <paramref name="Candidates"/> of the eligible candidates, best first.</param>
/// <param name="Scores">The ranking value per candidate (scorer score or log-probability), or null when unranked.</param>
/// <param name="Degraded">Why the scorer did not rank them (<c>scorer-error</c>, <c>scorer-overloaded</c>), or null.</param>
/// <param name="BelowMinScore">Whether no candidate reached the route's <c>MinScore</c>.</param>
/// <param name="NoValidJson">Whether JSON was required and no candidate parsed, so all were kept.</param>
internal sealed record GroupRanking(
    CandidateSet Set,
    Candidate[] Candidates,
    int[] Order,
    float[]? Scores,
    string? Degraded,
    bool BelowMinScore,
    bool NoValidJson)
{
    public Candidate Winner => Candidates[Order[0]];

    public float? WinnerScore => Scores is null ? null : Scores[Order[0]];
}
