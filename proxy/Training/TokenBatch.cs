using Cappy.Scorer.Tokenization;
using static TorchSharp.torch;

namespace Cappy.Proxy.Training;

/// <summary>Encoded rows padded to the longest row, as row-major int64 arrays of shape [rows, columns].</summary>
internal sealed class TokenBatch
{
    private TokenBatch(int rows, int columns, long[] inputIds, long[] attentionMask, long[] tokenTypeIds)
    {
        Rows = rows;
        Columns = columns;
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
    }

    public int Rows { get; }

    public int Columns { get; }

    public long[] InputIds { get; }

    public long[] AttentionMask { get; }

    /// <summary>Segment ids, all 0 for encoders without them.</summary>
    public long[] TokenTypeIds { get; }

    /// <summary>Pads <paramref name="rows"/> with <paramref name="padTokenId"/> to the longest row.</summary>
    public static TokenBatch Create(IReadOnlyList<EncodedInput> rows, int padTokenId)
    {
        var columns = rows.Max(row => row.Length);
        var inputIds = new long[rows.Count * columns];
        var attentionMask = new long[rows.Count * columns];
        var tokenTypeIds = new long[rows.Count * columns];
        Array.Fill(inputIds, padTokenId);
        for (var row = 0; row < rows.Count; row++)
        {
            var encoded = rows[row];
            for (var column = 0; column < encoded.Length; column++)
            {
                var index = (row * columns) + column;
                inputIds[index] = encoded.InputIds[column];
                attentionMask[index] = 1;
                tokenTypeIds[index] = encoded.TokenTypeIds?[column] ?? 0;
            }
        }

        return new TokenBatch(rows.Count, columns, inputIds, attentionMask, tokenTypeIds);
    }

    public Tensor InputIdsTensor(Device device) => tensor(InputIds, [Rows, Columns], device: device);

    public Tensor AttentionMaskTensor(Device device) => tensor(AttentionMask, [Rows, Columns], device: device);

    public Tensor TokenTypeIdsTensor(Device device) => tensor(TokenTypeIds, [Rows, Columns], device: device);
}
