using System.Text.Json;
using System.Text.Json.Nodes;
using Cappy.Proxy.Forwarding;

namespace Cappy.Proxy.Reranking;

/// <summary>
/// Builds the client's response from the upstream's: the first response's envelope (<c>id</c>, <c>object</c>,
/// <c>created</c>, <c>model</c>, <c>system_fingerprint</c>), the chosen choices in rank order with indexes 0…k−1,
/// and a <c>usage</c> that adds up every upstream call.
/// </summary>
internal static class ResponseComposer
{
    /// <param name="sets">The upstream responses of every prompt; the first one's envelope is kept.</param>
    /// <param name="chosen">The choices to return, in order; they get indexes 0…k−1.</param>
    /// <param name="keepLogprobs">False when the proxy asked for logprobs only to rank, so they are removed.</param>
    public static JsonObject Compose(IReadOnlyList<CandidateSet> sets, IReadOnlyList<Candidate> chosen, bool keepLogprobs)
    {
        var response = (JsonObject)sets[0].Responses[0].DeepClone();
        var choices = new JsonArray();
        for (var i = 0; i < chosen.Count; i++)
        {
            var choice = (JsonObject)chosen[i].Choice.DeepClone();
            choice["index"] = i;
            if (!keepLogprobs)
            {
                choice["logprobs"] = null;
            }

            choices.Add(choice);
        }

        response["choices"] = choices;
        var usage = SumUsage(sets.SelectMany(set => set.Responses).Select(item => item["usage"] as JsonObject).OfType<JsonObject>().ToArray());
        if (usage is not null)
        {
            response["usage"] = usage;
        }

        return response;
    }

    /// <summary>
    /// Adds up the numbers of several <c>usage</c> objects field by field, nested objects included
    /// (e.g. <c>completion_tokens_details.reasoning_tokens</c>). Prompt tokens are so counted once per upstream call.
    /// </summary>
    public static JsonObject? SumUsage(IReadOnlyList<JsonObject> usages)
    {
        if (usages.Count == 0)
        {
            return null;
        }

        var total = (JsonObject)usages[0].DeepClone();
        foreach (var usage in usages.Skip(1))
        {
            AddInto(total, usage);
        }

        return total;
    }

    private static void AddInto(JsonObject total, JsonObject addend)
    {
        foreach (var (name, value) in addend)
        {
            var current = total[name];
            if (current is JsonObject currentObject && value is JsonObject addendObject)
            {
                AddInto(currentObject, addendObject);
            }
            else if (TryGetInteger(current, out var sum) && TryGetInteger(value, out var addition))
            {
                total[name] = sum + addition;
            }
            else if (current is null && value is not null)
            {
                total[name] = value.DeepClone();
            }
        }
    }

    private static bool TryGetInteger(JsonNode? node, out long number)
    {
        number = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && long.TryParse(value.ToJsonString(), out number);
    }
}
