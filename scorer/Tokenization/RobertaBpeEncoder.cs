using Microsoft.ML.Tokenizers;

namespace Cappy.Scorer.Tokenization;

/// <summary>
/// RoBERTa byte-level BPE encoder: <c>&lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;</c> for a pair and
/// <c>&lt;s&gt; A &lt;/s&gt;</c> for one text, with the ids HuggingFace tokenizers gives for the same vocabulary.
/// </summary>
/// <remarks>
/// Create instances with <see cref="PairEncoders.FromDirectory"/> or <see cref="PairEncoders.CreateRoberta"/>.
/// Literal special-token text in user text (for example "&lt;/s&gt;") is encoded as that special token, as
/// HuggingFace does. Instances are thread-safe.
/// </remarks>
public sealed class RobertaBpeEncoder : IPairEncoder
{
    private const int PairSpecialTokenCount = 4;
    private const int SingleSpecialTokenCount = 2;

    private readonly BpeTokenizer tokenizer;
    private readonly SpecialTokenMatcher specialTokens;
    private readonly int beginId;
    private readonly int endId;

    internal RobertaBpeEncoder(BpeTokenizer tokenizer, SpecialTokenMatcher specialTokens, int beginId, int endId, int padId)
    {
        this.tokenizer = tokenizer;
        this.specialTokens = specialTokens;
        this.beginId = beginId;
        this.endId = endId;
        PadTokenId = padId;
    }

    /// <inheritdoc />
    /// <remarks>Always false: RoBERTa takes no <c>token_type_ids</c>.</remarks>
    public bool ProducesTokenTypeIds => false;

    /// <inheritdoc />
    /// <remarks>The id of <c>&lt;pad&gt;</c> in the vocabulary (1 for RoBERTa).</remarks>
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

        var ids = new int[firstKept + secondKept + PairSpecialTokenCount];
        var index = 0;
        ids[index++] = beginId;
        index = CopyPrefix(firstIds, firstKept, ids, index);
        ids[index++] = endId;
        ids[index++] = endId;
        index = CopyPrefix(secondIds, secondKept, ids, index);
        ids[index] = endId;
        return new EncodedInput(ids, null);
    }

    /// <inheritdoc />
    public EncodedInput EncodeSingle(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var budget = PairTruncation.TextBudget(maxLength, SingleSpecialTokenCount);

        var textIds = EncodeText(text);
        var kept = Math.Min(textIds.Count, budget);

        var ids = new int[kept + SingleSpecialTokenCount];
        ids[0] = beginId;
        CopyPrefix(textIds, kept, ids, 1);
        ids[^1] = endId;
        return new EncodedInput(ids, null);
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
