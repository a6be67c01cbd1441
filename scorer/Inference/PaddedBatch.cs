using Cappy.Scorer.Tokenization;

namespace Cappy.Scorer.Inference;

/// <summary>
/// Encoded rows padded to the longest row, laid out row-major as the [rows, sequence] int64 tensors a
/// transformer export takes. Padding positions hold the pad id, attention mask 0 and token type 0.
/// </summary>
internal sealed class PaddedBatch
{
    private PaddedBatch(int rowCount, int sequenceLength, long[] inputIds, long[] attentionMask, long[]? tokenTypeIds)
    {
        RowCount = rowCount;
        SequenceLength = sequenceLength;
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
    }

    public int RowCount { get; }

    /// <summary>Length of the longest row, in tokens.</summary>
    public int SequenceLength { get; }

    public long[] InputIds { get; }

    public long[] AttentionMask { get; }

    /// <summary>Segment ids, or null when the model has no <c>token_type_ids</c> input.</summary>
    public long[]? TokenTypeIds { get; }

    /// <summary>
    /// Pads <paramref name="rows"/> with <paramref name="padTokenId"/>. When <paramref name="withTokenTypeIds"/>
    /// is set, rows without segment ids (a tokenizer that produces none) get token type 0 throughout.
    /// </summary>
    public static PaddedBatch Create(IReadOnlyList<EncodedInput> rows, int padTokenId, bool withTokenTypeIds)
    {
        var sequenceLength = 0;
        foreach (var row in rows)
        {
            sequenceLength = Math.Max(sequenceLength, row.Length);
        }

        var size = rows.Count * sequenceLength;
        var inputIds = new long[size];
        var attentionMask = new long[size];
        var tokenTypeIds = withTokenTypeIds ? new long[size] : null;
        Array.Fill(inputIds, padTokenId);

        for (var rowIndex = 0; rowIndex < rows.Count; rowIndex++)
        {
            var row = rows[rowIndex];
            var offset = rowIndex * sequenceLength;
            for (var position = 0; position < row.Length; position++)
            {
                inputIds[offset + position] = row.InputIds[position];
                attentionMask[offset + position] = 1;
            }

            if (tokenTypeIds is not null && row.TokenTypeIds is not null)
            {
                for (var position = 0; position < row.Length; position++)
                {
                    tokenTypeIds[offset + position] = row.TokenTypeIds[position];
                }
            }
        }

        return new PaddedBatch(rows.Count, sequenceLength, inputIds, attentionMask, tokenTypeIds);
    }
}
