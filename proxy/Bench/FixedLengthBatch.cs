using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Rows padded to one fixed sequence length, as [rows, length] int64 tensors: the way a HuggingFace tokenizer
/// called with <c>padding="max_length"</c> feeds the model, whatever the rows' own lengths.
/// </summary>
internal sealed class FixedLengthBatch
{
    private readonly long[] _inputIds;
    private readonly long[] _attentionMask;
    private readonly long[]? _tokenTypeIds;
    private readonly long[] _shape;

    private FixedLengthBatch(long[] inputIds, long[] attentionMask, long[]? tokenTypeIds, long[] shape)
    {
        _inputIds = inputIds;
        _attentionMask = attentionMask;
        _tokenTypeIds = tokenTypeIds;
        _shape = shape;
    }

    /// <summary>Pads <paramref name="rows"/> to <paramref name="length"/> tokens each.</summary>
    /// <exception cref="ArgumentException">A row is longer than <paramref name="length"/>.</exception>
    public static FixedLengthBatch Create(IReadOnlyList<EncodedInput> rows, int length, int padTokenId, bool withTokenTypeIds)
    {
        var inputIds = new long[rows.Count * length];
        var attentionMask = new long[inputIds.Length];
        var tokenTypeIds = withTokenTypeIds ? new long[inputIds.Length] : null;
        Array.Fill(inputIds, padTokenId);
        for (var row = 0; row < rows.Count; row++)
        {
            var input = rows[row];
            if (input.Length > length)
            {
                throw new ArgumentException($"Row {row} has {input.Length} tokens, more than the padded length {length}.", nameof(rows));
            }

            for (var position = 0; position < input.Length; position++)
            {
                var index = (row * length) + position;
                inputIds[index] = input.InputIds[position];
                attentionMask[index] = 1;
                if (tokenTypeIds is not null && input.TokenTypeIds is not null)
                {
                    tokenTypeIds[index] = input.TokenTypeIds[position];
                }
            }
        }

        return new FixedLengthBatch(inputIds, attentionMask, tokenTypeIds, [rows.Count, length]);
    }

    /// <summary>Runs the batch once on <paramref name="session"/> and discards the output.</summary>
    public void Run(InferenceSession session, ModelSignature signature)
    {
        using var inputIds = OrtValue.CreateTensorValueFromMemory(_inputIds, _shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(_attentionMask, _shape);
        using var tokenTypeIds = _tokenTypeIds is null ? null : OrtValue.CreateTensorValueFromMemory(_tokenTypeIds, _shape);
        var names = new List<string> { ModelSignature.InputIds, ModelSignature.AttentionMask };
        var values = new List<OrtValue> { inputIds, attentionMask };
        if (tokenTypeIds is not null)
        {
            names.Add(ModelSignature.TokenTypeIds);
            values.Add(tokenTypeIds);
        }

        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, names, values, [signature.OutputName]);
    }
}
