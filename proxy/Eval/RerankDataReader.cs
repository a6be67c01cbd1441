using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cappy.Proxy.Eval;

/// <summary>
/// Reads reranking examples from JSON lines, each in one of two formats, recognized by its fields:
/// AlpacaEval candidates (<c>instruction</c>, <c>candidates</c>: [{<c>generator</c>, <c>output</c>,
/// <c>win_prob</c>}]) or Big-Bench generations (<c>instruction</c>, <c>references</c>: [string],
/// <c>flan_samples</c>). <c>flan_samples</c> is either an object from decoding method to a sample list, or a list
/// of {<c>decoding</c>, <c>samples</c>}; a sample is {<c>response</c>, <c>log_likelihood_sum</c>,
/// <c>log_likelihood_mean</c>}. A Big-Bench sample's quality is its best ROUGE-L F-measure over the references.
/// Either format may carry an integer <c>id</c>, which <c>--id-modulo</c> selects examples by.
/// </summary>
internal static class RerankDataReader
{
    /// <exception cref="EvalDataException">A line is invalid; the message names it.</exception>
    public static IReadOnlyList<RerankExample> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var examples = new List<RerankExample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var json = EvalJson.ParseObject(line, lineNumber);
            var instruction = EvalJson.GetString(json, "instruction", lineNumber);
            IReadOnlyList<RerankCandidate> candidates;
            if (json.ContainsKey("candidates"))
            {
                candidates = ReadAlpacaCandidates(json, lineNumber);
            }
            else if (json.ContainsKey("flan_samples"))
            {
                candidates = ReadBigBenchSamples(json, lineNumber);
            }
            else
            {
                throw new EvalDataException($"line {lineNumber}: expected a \"candidates\" list (AlpacaEval format) or \"flan_samples\" (Big-Bench format).");
            }

            examples.Add(new RerankExample(lineNumber, instruction, candidates, EvalJson.GetOptionalInteger(json, "id", lineNumber)));
        }

        return examples;
    }

    private static RerankCandidate[] ReadAlpacaCandidates(JsonObject json, int lineNumber) =>
        EvalJson.GetArray(json, "candidates", lineNumber)
            .Select(node => node as JsonObject ?? throw new EvalDataException($"line {lineNumber}: each candidate must be a JSON object."))
            .Select(candidate => new RerankCandidate(
                EvalJson.GetString(candidate, "output", lineNumber),
                EvalJson.GetDouble(candidate, "win_prob", lineNumber),
                Generator: EvalJson.GetString(candidate, "generator", lineNumber)))
            .ToArray();

    private static List<RerankCandidate> ReadBigBenchSamples(JsonObject json, int lineNumber)
    {
        var references = EvalJson.GetArray(json, "references", lineNumber)
            .Select(node => node is JsonValue value && value.TryGetValue<string>(out var text)
                ? text
                : throw new EvalDataException($"line {lineNumber}: \"references\" must be a list of strings."))
            .ToArray();
        if (references.Length == 0)
        {
            throw new EvalDataException($"line {lineNumber}: \"references\" is empty; ROUGE-L needs at least one reference.");
        }

        var candidates = new List<RerankCandidate>();
        foreach (var (decoding, samples) in ReadDecodingGroups(json["flan_samples"], lineNumber))
        {
            foreach (var node in samples)
            {
                var sample = node as JsonObject ?? throw new EvalDataException($"line {lineNumber}: each sample of \"{decoding}\" must be a JSON object.");
                var response = EvalJson.GetString(sample, "response", lineNumber);
                candidates.Add(new RerankCandidate(
                    response,
                    RougeL.MaxFMeasure(references, response),
                    Decoding: decoding,
                    LogLikelihoodSum: EvalJson.GetOptionalDouble(sample, "log_likelihood_sum", lineNumber),
                    LogLikelihoodMean: EvalJson.GetOptionalDouble(sample, "log_likelihood_mean", lineNumber)));
            }
        }

        return candidates;
    }

    private static IEnumerable<(string Decoding, JsonArray Samples)> ReadDecodingGroups(JsonNode? groups, int lineNumber)
    {
        switch (groups)
        {
            case JsonObject byDecoding:
                foreach (var (decoding, samples) in byDecoding)
                {
                    yield return (decoding, samples as JsonArray ?? throw new EvalDataException($"line {lineNumber}: \"flan_samples\".\"{decoding}\" must be a list of samples."));
                }

                break;
            case JsonArray list:
                foreach (var node in list)
                {
                    var group = node as JsonObject ?? throw new EvalDataException($"line {lineNumber}: each \"flan_samples\" group must be a JSON object.");
                    yield return (EvalJson.GetString(group, "decoding", lineNumber), EvalJson.GetArray(group, "samples", lineNumber));
                }

                break;
            default:
                throw new EvalDataException($"line {lineNumber}: \"flan_samples\" must be an object or a list of decoding groups.");
        }
    }
}
