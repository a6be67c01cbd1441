using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Cappy.Scorer.Tokenization;

/// <summary>
/// BERT text normalization with the rules of HuggingFace tokenizers' <c>BertNormalizer</c>: remove control
/// characters, turn whitespace into spaces, put spaces around CJK ideographs, and for uncased vocabularies strip
/// accents (NFD, then drop non-spacing marks) and lowercase.
/// </summary>
/// <remarks>
/// Used instead of Microsoft.ML.Tokenizers' <c>BertNormalizer</c>, whose ids differ from HuggingFace's for tabs and
/// newlines, format characters such as U+200B, and combining marks. Works on code points, not UTF-16 units.
/// The class is immutable and thread-safe.
/// </remarks>
internal sealed class BertTextNormalizer : Normalizer
{
    private const int LatinCapitalIWithDotAbove = 0x130;

    private readonly bool lowerCase;

    /// <param name="lowerCase">Whether to strip accents and lowercase, as for an uncased vocabulary.</param>
    public BertTextNormalizer(bool lowerCase)
    {
        this.lowerCase = lowerCase;
    }

    /// <inheritdoc />
    public override string Normalize(string original)
    {
        return original is null ? string.Empty : Normalize(original.AsSpan());
    }

    /// <inheritdoc />
    public override string Normalize(ReadOnlySpan<char> original)
    {
        var cleaned = CleanAndSpaceIdeographs(original);
        if (!lowerCase)
        {
            return cleaned;
        }

        return LowerCase(StripAccents(cleaned));
    }

    private static string CleanAndSpaceIdeographs(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            // An unpaired surrogate enumerates as U+FFFD and is removed with it.
            if (rune.Value == 0 || rune == Rune.ReplacementChar || IsControl(rune))
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                builder.Append(' ');
            }
            else if (IsCjkIdeograph(rune.Value))
            {
                builder.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    private static string StripAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    private static string LowerCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // Full Unicode lowercasing maps U+0130 to two code points ("i" and U+0307); .NET's simple mapping gives one.
            if (rune.Value == LatinCapitalIWithDotAbove)
            {
                builder.Append("i\u0307");
            }
            else
            {
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>Tab, line feed and carriage return count as whitespace here, not as control characters.</summary>
    private static bool IsWhitespace(Rune rune)
    {
        return rune.Value is '\t' or '\n' or '\r' || Rune.IsWhiteSpace(rune);
    }

    /// <summary>Categories Cc, Cf, Co and Cs, except tab, line feed and carriage return.</summary>
    private static bool IsControl(Rune rune)
    {
        if (rune.Value is '\t' or '\n' or '\r')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
            or UnicodeCategory.Format
            or UnicodeCategory.PrivateUse
            or UnicodeCategory.Surrogate;
    }

    /// <summary>The CJK ranges of HuggingFace tokenizers' BERT normalizer, including its start of 0x2B920 for Extension E.</summary>
    private static bool IsCjkIdeograph(int codePoint)
    {
        return codePoint is (>= 0x4E00 and <= 0x9FFF)
            or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F)
            or (>= 0x2B920 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x2F800 and <= 0x2FA1F);
    }
}
