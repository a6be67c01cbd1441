using Cappy.UpstreamSimulator.Candidates;

namespace Cappy.UpstreamSimulator.Generation;

/// <summary>Produces the choices of a response from stored candidates, or from generated text.</summary>
internal sealed class ChoiceGenerator(CandidateStore store, SimulatorOptions options)
{
    /// <summary>
    /// Returns <paramref name="choicesPerPrompt"/> choices for each prompt, indexed prompt by prompt as OpenAI
    /// does for batched completions. Each output is cut to <paramref name="maxTokens"/> words when that is smaller.
    /// </summary>
    public IReadOnlyList<GeneratedChoice> Generate(IReadOnlyList<string> prompts, int choicesPerPrompt, int? maxTokens)
    {
        ArgumentNullException.ThrowIfNull(prompts);

        var choices = new List<GeneratedChoice>(prompts.Count * choicesPerPrompt);
        foreach (var prompt in prompts)
        {
            if (!store.TryTake(prompt, choicesPerPrompt, out var outputs))
            {
                outputs = Enumerable.Range(0, choicesPerPrompt)
                    .Select(position => SyntheticText.Generate(options.Seed, prompt, position))
                    .ToArray();
            }

            foreach (var output in outputs)
            {
                choices.Add(CreateChoice(choices.Count, output, maxTokens));
            }
        }

        return choices;
    }

    private static GeneratedChoice CreateChoice(int index, string output, int? maxTokens)
    {
        var tokens = WordTokens.Split(output);
        if (maxTokens is { } limit && limit < tokens.Count)
        {
            var truncated = tokens.Take(limit).ToArray();
            return new GeneratedChoice(index, WordTokens.Join(truncated), "length", truncated);
        }

        return new GeneratedChoice(index, output, "stop", tokens);
    }
}
