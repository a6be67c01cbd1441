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
/// HuggingFace does for special tokens it does not normalize.
/// </remarks>
public sealed class WordPieceEncoder : IPairEncoder
{
    private const int PairSpecialTokenCount = 3;
    private const int SingleSpecialTokenCount = 2;

    private readonly WordPieceTokenizer tokenizer;
    private readonly SpecialTokenMatcher specialTokens;
    private readonly int classificationId;
    private readonly int separatorId;

    internal WordPieceEncoder(WordPieceTokenizer tokenizer, SpecialTokenMatcher specialTokens, int classificationId, int separatorId, int padId)
    {
        this.tokenizer = tokenizer;
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
                ids.AddRange(tokenizer.EncodeToIds(text.AsSpan(start, length)));
            }
        }

        return ids;
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
