using System.Text.Json.Nodes;

namespace Cappy.Proxy.Capture;

/// <summary>One candidate of a captured request.</summary>
/// <param name="Text">The text the scorer saw: the content (chat) or text (completions), or a tool call's names and arguments.</param>
/// <param name="Score">The scorer's raw score; null when the request was not scored (scorer error or overload).</param>
/// <param name="FinishReason">The upstream's <c>finish_reason</c> for this candidate.</param>
/// <param name="Usage">
/// The <c>usage</c> of the upstream call that returned only this candidate; null when one call returned several
/// candidates, because the upstream reports usage per call, not per choice.
/// </param>
internal sealed record CapturedCandidate(string Text, float? Score, string? FinishReason, JsonObject? Usage);
