using System.Text;

namespace Cappy.UpstreamSimulator.Generation;

/// <summary>Deterministic filler answers for prompts that have no stored candidates.</summary>
internal static class SyntheticText
{
    /// <summary>Word list of the filler text; also the source of alternative tokens in logprobs.</summary>
    public static readonly string[] Vocabulary =
    [
        "the", "answer", "depends", "on", "several", "factors", "first", "consider", "your", "goal",
        "a", "simple", "approach", "is", "to", "start", "small", "and", "measure", "results",
        "in", "practice", "most", "people", "find", "that", "clear", "steps", "help", "then",
        "review", "what", "worked", "adjust", "plan", "accordingly", "for", "example", "one", "option",
        "uses", "fewer", "resources", "while", "another", "gives", "better", "quality", "overall", "choose",
    ];

    private const int MinimumWords = 8;
    private const int WordRange = 48;

    /// <summary>
    /// Builds a sentence-like text from the prompt and the choice's position in the response, so that the
    /// same request always gets the same texts and choices at different positions differ in words and length.
    /// </summary>
    public static string Generate(int seed, string prompt, int position)
    {
        ArgumentNullException.ThrowIfNull(prompt);

        var hash = StableHash.Of(seed, prompt, position);
        var wordCount = MinimumWords + (int)(hash % WordRange);
        var builder = new StringBuilder();
        for (var i = 0; i < wordCount; i++)
        {
            hash = StableHash.Next(hash, i);
            var word = Vocabulary[(int)(hash % (ulong)Vocabulary.Length)];
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
        }

        builder.Append('.');
        return builder.ToString();
    }
}
