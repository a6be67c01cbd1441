using System.Text;

namespace Cappy.UpstreamSimulator.Generation;

/// <summary>
/// The simulator's tokenizer: one token per whitespace-separated word. Each token carries the whitespace
/// before its word, and the last token also carries any trailing whitespace, so the tokens concatenate
/// back to the original text.
/// </summary>
internal static class WordTokens
{
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var tokens = new List<string>();
        var tokenStart = 0;
        var index = 0;
        while (index < text.Length)
        {
            while (index < text.Length && char.IsWhiteSpace(text[index]))
            {
                index++;
            }

            if (index == text.Length)
            {
                break;
            }

            while (index < text.Length && !char.IsWhiteSpace(text[index]))
            {
                index++;
            }

            tokens.Add(text[tokenStart..index]);
            tokenStart = index;
        }

        // NOTE: a text of only whitespace has no tokens, so its stream pieces carry no content.
        if (tokens.Count > 0 && tokenStart < text.Length)
        {
            tokens[^1] += text[tokenStart..];
        }

        return tokens;
    }

    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var count = 0;
        var inWord = false;
        foreach (var character in text)
        {
            var isWordCharacter = !char.IsWhiteSpace(character);
            if (isWordCharacter && !inWord)
            {
                count++;
            }

            inWord = isWordCharacter;
        }

        return count;
    }

    /// <summary>The length of a string in Unicode code points, the unit of OpenAI <c>text_offset</c> values.</summary>
    public static int CodePointLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var length = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            length++;
        }

        return length;
    }

    public static string Join(IEnumerable<string> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            builder.Append(token);
        }

        return builder.ToString();
    }
}
