using Microsoft.ML.Tokenizers;

namespace Cappy.Scorer.Tokenization;

/// <summary>
/// BERT WordPiece encoder: <c>[CLS] A [SEP] B [SEP]</c> with <c>token_type_ids</c> 0 for <c>[CLS] A [SEP]</c> and
/// 1 for <c>B [SEP]</c>, or <c>[CLS] A [SEP]</c> for one text.
/// </summary>
/// <remarks>
/// Create instances with <see cref="PairEncoders.FromDirectory"/> or <see cref="PairEncoders.CreateWordPiece"/>.
/// Normalization follows HuggingFace's BertNormalizer and BertPreTokenizer: control characters removed, CJK
/// ideographs split apart, and for uncased vocabularies accents stripped and text lowercased. Instances are
/// thread-safe. Literal special-token text such as "[SEP]" in user text is encoded as that special token, as
/// HuggingFace tokenizers does with the special tokens of a BERT <c>tokenizer.json</c>, which it does not normalize.
/// NOTE: unlike the RoBERTa case, no HuggingFace reference output checks this for WordPiece.
/// </remarks>
public sealed class WordPieceEncoder : IPairEncoder
{
    private const int PairSpecialTokenCount = 3;
    private const int SingleSpecialTokenCount = 2;

    /// <summary>HuggingFace's WordPiece default: a word of more code points becomes one [UNK].</summary>
    internal const int MaxCodePointsPerWord = 100;

    private readonly WordPieceTokenizer tokenizer;
    private readonly BertTextNormalizer normalizer;
    private readonly SpecialTokenMatcher specialTokens;
    private readonly int classificationId;
    private readonly int separatorId;

    internal WordPieceEncoder(
        WordPieceTokenizer tokenizer,
        BertTextNormalizer normalizer,
        SpecialTokenMatcher specialTokens,
        int classificationId,
        int separatorId,
        int padId)
    {
        this.tokenizer = tokenizer;
        this.normalizer = normalizer;
        this.specialTokens = specialTokens;
        this.classificationId = classificationId;
        this.separatorId = separatorId;
        PadTokenId = padId;
    }

    /// <inheritdoc />
    /// <remarks>Always true: BERT takes <c>token_type_ids</c>.</remarks>
    public bool ProducesTokenTypeIds => true;

    /// <inheritdoc />
    /// <remarks>The id of <c>[PAD]</c> in the vocabulary.</remarks>
    public int PadTokenId { get; }

    /// <inheritdoc />
    public EncodedInput EncodePair(string first, string second, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var budget = PairTruncation.TextBudget(maxLength, PairSpecialTokenCount);

        var firstIds = EncodeText(first);
        var secondIds = EncodeText(second);
        var (firstKept, secondKept) = PairTruncation.Fit(firstIds.Count, secondIds.Count, budget);

        var length = firstKept + secondKept + PairSpecialTokenCount;
        var ids = new int[length];
        var typeIds = new int[length];
        var index = 0;
        ids[index++] = classificationId;
        index = CopyPrefix(firstIds, firstKept, ids, index);
        ids[index++] = separatorId;

        // The second segment, its [SEP] included, has token type 1.
        typeIds.AsSpan(index).Fill(1);
        index = CopyPrefix(secondIds, secondKept, ids, index);
        ids[index] = separatorId;
        return new EncodedInput(ids, typeIds);
    }

    /// <inheritdoc />
    public EncodedInput EncodeSingle(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var budget = PairTruncation.TextBudget(maxLength, SingleSpecialTokenCount);

        var textIds = EncodeText(text);
        var kept = Math.Min(textIds.Count, budget);

        var ids = new int[kept + SingleSpecialTokenCount];
        ids[0] = classificationId;
        CopyPrefix(textIds, kept, ids, 1);
        ids[^1] = separatorId;
        return new EncodedInput(ids, new int[ids.Length]);
    }

    /// <summary>Encodes text without special tokens around it, in full.</summary>
    internal List<int> EncodeText(string text)
    {
        var ids = new List<int>();
        foreach (var (start, length, specialId) in specialTokens.Split(text))
        {
            if (specialId is { } id)
            {
                ids.Add(id);
            }
            else
            {
                EncodeWords(normalizer.Normalize(text.AsSpan(start, length)), ids);
            }
        }

        return ids;
    }

    /// <summary>
    /// Splits normalized text into words and appends their WordPiece ids.
    /// </summary>
    /// <remarks>
    /// The word-length limit is applied here because Microsoft.ML.Tokenizers 3.0.0 counts UTF-16 units for it
    /// and HuggingFace counts code points. The tokenizer's own limit is set high enough never to apply first.
    /// </remarks>
    private void EncodeWords(string normalized, List<int> ids)
    {
        foreach (var (offset, length) in BertWordSplitter.Instance.PreTokenize(normalized))
        {
            var word = normalized.AsSpan(offset, length);
            if (word.Length > MaxCodePointsPerWord && CountCodePoints(word) > MaxCodePointsPerWord)
            {
                ids.Add(tokenizer.UnknownTokenId);
            }
            else
            {
                ids.AddRange(tokenizer.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
            }
        }
    }

    private static int CountCodePoints(ReadOnlySpan<char> word)
    {
        var count = 0;
        foreach (var _ in word.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static int CopyPrefix(List<int> source, int count, int[] destination, int index)
    {
        for (var i = 0; i < count; i++)
        {
            destination[index + i] = source[i];
        }

        return index + count;
    }
}
