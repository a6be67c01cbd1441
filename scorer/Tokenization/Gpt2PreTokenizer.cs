using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Cappy.Scorer.Tokenization;

/// <summary>
/// GPT-2 pre-tokenizer that splits text by the rule
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>, evaluated on Unicode code points.
/// </summary>
/// <remarks>
/// HuggingFace tokenizers evaluates this rule on code points. A .NET <c>Regex</c> with the same pattern classifies each
/// UTF-16 unit of a surrogate pair on its own, so a letter outside the Basic Multilingual Plane counts as "other" and
/// splits differently next to digits or punctuation. This class classifies whole code points (<see cref="Rune"/>)
/// instead. An unpaired surrogate counts as "other", like U+FFFD. The class is stateless and thread-safe.
/// </remarks>
internal sealed class Gpt2PreTokenizer : PreTokenizer
{
    /// <summary>The shared instance.</summary>
    public static Gpt2PreTokenizer Instance { get; } = new();

    private Gpt2PreTokenizer()
    {
    }

    private enum CharacterClass
    {
        Letter,
        Number,
        Whitespace,
        Other,
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
        var position = 0;
        while (position < text.Length)
        {
            var length = MatchAt(text, position);
            pieces.Add((position, length));
            position += length;
        }

        return pieces;
    }

    /// <summary>Returns the length in UTF-16 units of the piece that the GPT-2 rule matches at <paramref name="start"/>.</summary>
    internal static int MatchAt(ReadOnlySpan<char> text, int start)
    {
        var contraction = MatchContraction(text, start);
        if (contraction > 0)
        {
            return contraction;
        }

        // " ?\p{L}+", " ?\p{N}+" and " ?[^\s\p{L}\p{N}]+": an optional U+0020 followed by a run of one class.
        var runStart = start;
        if (text[start] == ' ' && start + 1 < text.Length)
        {
            runStart = start + 1;
        }

        var runClass = Classify(text, runStart, out _);
        if (runClass != CharacterClass.Whitespace)
        {
            return RunEnd(text, runStart, runClass) - start;
        }

        // "\s+(?!\S)" backs off one code point when the whitespace run is followed by other text, so that the
        // next piece can take a single space as its prefix. "\s+" catches a lone whitespace code point.
        var end = start;
        var lastWidth = 0;
        while (end < text.Length && Classify(text, end, out var width) == CharacterClass.Whitespace)
        {
            end += width;
            lastWidth = width;
        }

        var runLength = end - start;
        if (end == text.Length || runLength == lastWidth)
        {
            return runLength;
        }

        return runLength - lastWidth;
    }

    private static int MatchContraction(ReadOnlySpan<char> text, int start)
    {
        if (text[start] != '\'')
        {
            return 0;
        }

        var rest = text[(start + 1)..];
        if (rest.StartsWith("re", StringComparison.Ordinal)
            || rest.StartsWith("ve", StringComparison.Ordinal)
            || rest.StartsWith("ll", StringComparison.Ordinal))
        {
            return 3;
        }

        if (rest.Length > 0 && rest[0] is 's' or 't' or 'm' or 'd')
        {
            return 2;
        }

        return 0;
    }

    private static int RunEnd(ReadOnlySpan<char> text, int start, CharacterClass runClass)
    {
        var end = start;
        while (end < text.Length && Classify(text, end, out var width) == runClass)
        {
            end += width;
        }

        return end;
    }

    private static CharacterClass Classify(ReadOnlySpan<char> text, int index, out int width)
    {
        if (Rune.DecodeFromUtf16(text[index..], out var rune, out width) != System.Buffers.OperationStatus.Done)
        {
            // An unpaired surrogate decodes as U+FFFD, a symbol.
            return CharacterClass.Other;
        }

        if (Rune.IsWhiteSpace(rune))
        {
            return CharacterClass.Whitespace;
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
                return CharacterClass.Letter;
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return CharacterClass.Number;
            default:
                return CharacterClass.Other;
        }
    }
}
