namespace Cappy.Scorer.Tokenization;

/// <summary>
/// Finds special-token text such as <c>&lt;s&gt;</c> inside user text, the way HuggingFace tokenizers does before
/// pre-tokenization: the leftmost match wins, the longest token at that position is taken, and a token marked
/// left-stripping also takes the whitespace before it.
/// </summary>
/// <remarks>Immutable after construction and so thread-safe.</remarks>
internal sealed class SpecialTokenMatcher
{
    private readonly (string Text, int Id, bool StripLeft)[] tokens;

    /// <param name="tokens">Each special token's text, id and whether it absorbs the whitespace on its left.</param>
    public SpecialTokenMatcher(IEnumerable<(string Text, int Id, bool StripLeft)> tokens)
    {
        this.tokens = tokens.Where(token => token.Text.Length > 0).ToArray();
    }

    /// <summary>
    /// Splits <paramref name="text"/> into plain-text segments and special tokens, in order.
    /// </summary>
    /// <returns>
    /// Segments as (start, length, special token id) in UTF-16 units; the id is null for plain text.
    /// Empty plain-text segments are left out.
    /// </returns>
    public List<(int Start, int Length, int? SpecialId)> Split(string text)
    {
        var segments = new List<(int Start, int Length, int? SpecialId)>();
        var segmentStart = 0;
        var position = 0;
        while (position < text.Length)
        {
            var match = LongestTokenAt(text, position);
            if (match is not { } token)
            {
                position++;
                continue;
            }

            var tokenStart = position;
            if (token.StripLeft)
            {
                while (tokenStart > segmentStart && char.IsWhiteSpace(text[tokenStart - 1]))
                {
                    tokenStart--;
                }
            }

            if (tokenStart > segmentStart)
            {
                segments.Add((segmentStart, tokenStart - segmentStart, null));
            }

            position += token.Text.Length;
            segments.Add((tokenStart, position - tokenStart, token.Id));
            segmentStart = position;
        }

        if (segmentStart < text.Length)
        {
            segments.Add((segmentStart, text.Length - segmentStart, null));
        }

        return segments;
    }

    private (string Text, int Id, bool StripLeft)? LongestTokenAt(string text, int position)
    {
        (string Text, int Id, bool StripLeft)? best = null;
        foreach (var token in tokens)
        {
            if ((best is null || token.Text.Length > best.Value.Text.Length)
                && text.AsSpan(position).StartsWith(token.Text, StringComparison.Ordinal))
            {
                best = token;
            }
        }

        return best;
    }
}
