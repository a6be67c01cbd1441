using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Cappy.Scorer.Tokenization;

/// <summary>
/// BERT pre-tokenizer with the rules of HuggingFace tokenizers' <c>BertPreTokenizer</c>: split on whitespace, which
/// is dropped, and make every punctuation character its own piece.
/// </summary>
/// <remarks>
/// Punctuation is ASCII punctuation (including symbols such as <c>$ + &lt; = &gt; ^ ` | ~</c>) or any Unicode
/// P* category. Works on code points. The class is stateless and thread-safe.
/// </remarks>
internal sealed class BertWordSplitter : PreTokenizer
{
    /// <summary>The shared instance.</summary>
    public static BertWordSplitter Instance { get; } = new();

    private BertWordSplitter()
    {
    }

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        return text is null ? [] : PreTokenize(text.AsSpan());
    }

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text)
    {
        var pieces = new List<(int Offset, int Length)>();
        var wordStart = -1;
        var position = 0;
        while (position < text.Length)
        {
            Rune.DecodeFromUtf16(text[position..], out var rune, out var width);
            var isWhitespace = Rune.IsWhiteSpace(rune);
            var isPunctuation = !isWhitespace && IsPunctuation(rune);
            if (isWhitespace || isPunctuation)
            {
                if (wordStart >= 0)
                {
                    pieces.Add((wordStart, position - wordStart));
                    wordStart = -1;
                }

                if (isPunctuation)
                {
                    pieces.Add((position, width));
                }
            }
            else if (wordStart < 0)
            {
                wordStart = position;
            }

            position += width;
        }

        if (wordStart >= 0)
        {
            pieces.Add((wordStart, text.Length - wordStart));
        }

        return pieces;
    }

    private static bool IsPunctuation(Rune rune)
    {
        if (rune.IsAscii)
        {
            return rune.Value is (>= 0x21 and <= 0x2F) or (>= 0x3A and <= 0x40) or (>= 0x5B and <= 0x60) or (>= 0x7B and <= 0x7E);
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }
}
