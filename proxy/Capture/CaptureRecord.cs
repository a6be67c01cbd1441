using System.Text.Json.Nodes;
using Cappy.Proxy.Forwarding;
using Cappy.Proxy.Reranking;

namespace Cappy.Proxy.Capture;

/// <summary>
/// One reranked request as written to a capture file: the instruction, every candidate with its score, and which
/// candidate won. It shares no JSON node with the request, so the writer thread may read it while the request goes on.
/// </summary>
/// <param name="Time">When the winner was known.</param>
/// <param name="RouteId">The YARP route of the request.</param>
/// <param name="RequestId">The <c>id</c> of the first upstream response.</param>
/// <param name="Model">The <c>model</c> of the first upstream response.</param>
/// <param name="Scorer">The name of the route's scorer (<c>default</c> or a <c>Scorers</c> entry).</param>
/// <param name="Instruction">The text the scorer paired with every candidate.</param>
/// <param name="Candidates">Every candidate in arrival order: upstream calls in order, then choices in order.</param>
/// <param name="ChosenIndex">Index into <paramref name="Candidates"/> of the candidate returned first.</param>
/// <param name="Outcome"><c>reranked</c>, or <c>scorer-error</c> / <c>scorer-overloaded</c> when the first candidate was returned unranked.</param>
/// <param name="Usage">The <c>usage</c> of every upstream call added up, as in the response; null when the upstream reported none.</param>
internal sealed record CaptureRecord(
    DateTimeOffset Time,
    string RouteId,
    string? RequestId,
    string? Model,
    string Scorer,
    string Instruction,
    IReadOnlyList<CapturedCandidate> Candidates,
    int ChosenIndex,
    string Outcome,
    JsonObject? Usage)
{
    /// <summary>Copies what a capture line needs out of a reranked request, at the point where the winner is known.</summary>
    /// <param name="time">When the winner was known.</param>
    /// <param name="target">The request's route and settings.</param>
    /// <param name="instruction">The text the scorer paired with each candidate of this prompt.</param>
    /// <param name="ranking">The prompt's candidates, their scores and order, and the upstream responses.</param>
    public static CaptureRecord Create(DateTimeOffset time, RerankTarget target, string instruction, GroupRanking ranking)
    {
        var candidateSet = ranking.Set;
        var candidates = ranking.Candidates;
        var scores = ranking.Scores;
        var usages = ReadSingleChoiceUsages(candidateSet, candidates.Length);
        var captured = new CapturedCandidate[candidates.Length];
        for (var i = 0; i < captured.Length; i++)
        {
            // A candidate left unscored (dropped as invalid JSON) has a NaN score, written as null.
            var score = scores is not null && !float.IsNaN(scores[i]) ? scores[i] : (float?)null;
            captured[i] = new CapturedCandidate(candidates[i].Text, score, ReadString(candidates[i].Choice["finish_reason"]), usages[i]);
        }

        var first = candidateSet.Responses[0];
        var totalUsage = ResponseComposer.SumUsage(candidateSet.Responses.Select(response => response["usage"] as JsonObject).OfType<JsonObject>().ToArray());
        return new CaptureRecord(
            time,
            target.RouteId,
            ReadString(first["id"]),
            ReadString(first["model"]),
            target.Options.Scorer,
            instruction,
            captured,
            ranking.Order[0],
            ranking.Degraded ?? RerankOutcome.Reranked,
            totalUsage);
    }

    /// <summary>Returns, by candidate index, a copy of the usage of each upstream call that returned exactly that one candidate.</summary>
    private static JsonObject?[] ReadSingleChoiceUsages(CandidateSet candidateSet, int candidateCount)
    {
        var usages = new JsonObject?[candidateCount];
        var index = 0;
        foreach (var response in candidateSet.Responses)
        {
            var choices = response["choices"] is JsonArray array ? array.OfType<JsonObject>().Count() : 0;
            if (choices == 1 && index < candidateCount && response["usage"] is JsonObject usage)
            {
                usages[index] = (JsonObject)usage.DeepClone();
            }

            index += choices;
        }

        return usages;
    }

    private static string? ReadString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
