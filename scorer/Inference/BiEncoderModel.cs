using System.Numerics.Tensors;
using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>
/// Scores a response by the cosine similarity of its sentence embedding to the instruction's. A sentence
/// embedding is the attention-mask mean of the model's token embeddings, L2-normalised, as sentence-transformers
/// computes it for all-MiniLM-L6-v2. Thread-safe because the encoder and the session are.
/// </summary>
internal sealed class BiEncoderModel : IScoringModel
{
    /// <summary>Maximum tokens of one text, special tokens included: the sequence length all-MiniLM-L6-v2 was trained with.</summary>
    public const int MaxTokens = 256;

    private readonly IPairEncoder _encoder;
    private volatile bool _disposed;

    public BiEncoderModel(InferenceSession session, ModelSignature signature, IPairEncoder encoder, ScorerDescription description)
    {
        Session = session;
        Signature = signature;
        _encoder = encoder;
        Description = description;
    }

    public ScorerDescription Description { get; }

    public InferenceSession Session { get; }

    public ModelSignature Signature { get; }

    public int PadTokenId => _encoder.PadTokenId;

    /// <summary>Returns the instruction as row 0 and response i as row i + 1.</summary>
    public EncodedInput[] Encode(string instruction, IReadOnlyList<string> responses)
    {
        var rows = new EncodedInput[responses.Count + 1];
        rows[0] = _encoder.EncodeSingle(instruction, MaxTokens);
        for (var i = 0; i < responses.Count; i++)
        {
            rows[i + 1] = _encoder.EncodeSingle(responses[i], MaxTokens);
        }

        return rows;
    }

    /// <summary>Returns each row's sentence embedding: unit length, so a dot product of two is their cosine.</summary>
    public float[][] Run(IReadOnlyList<EncodedInput> rows, CancellationToken cancellationToken)
    {
        // A disposed session crashes the process inside ONNX Runtime instead of throwing, so check first.
        ObjectDisposedException.ThrowIf(_disposed, this);
        var batch = PaddedBatch.Create(rows, _encoder.PadTokenId, Signature.TakesTokenTypeIds);
        using var outputs = SessionRunner.Run(Session, Signature, batch, cancellationToken);

        var tokenEmbeddings = outputs[0];
        var shape = tokenEmbeddings.GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != rows.Count || shape[1] != batch.SequenceLength)
        {
            throw new InvalidOperationException(
                $"Model output '{Signature.OutputName}' has shape [{string.Join(", ", shape)}]: expected [{rows.Count}, {batch.SequenceLength}, hidden].");
        }

        return MeanPoolAndNormalize(tokenEmbeddings.GetTensorDataAsSpan<float>(), batch, (int)shape[2]);
    }

    public float[] Combine(IReadOnlyList<float[]> rowOutputs, int responseCount)
    {
        var instructionEmbedding = rowOutputs[0];
        var scores = new float[responseCount];
        for (var i = 0; i < scores.Length; i++)
        {
            // Both vectors have unit length, so the dot product is the cosine; rounding can leave it just past ±1.
            scores[i] = Math.Clamp(TensorPrimitives.Dot<float>(instructionEmbedding, rowOutputs[i + 1]), -1f, 1f);
        }

        return scores;
    }

    public void Dispose()
    {
        _disposed = true;
        Session.Dispose();
    }

    /// <summary>
    /// Averages each row's token embeddings over the positions with attention mask 1 and scales the mean to
    /// unit length.
    /// </summary>
    private static float[][] MeanPoolAndNormalize(ReadOnlySpan<float> tokenEmbeddings, PaddedBatch batch, int hidden)
    {
        var embeddings = new float[batch.RowCount][];
        for (var row = 0; row < batch.RowCount; row++)
        {
            var sum = new float[hidden];
            var tokens = 0;
            for (var position = 0; position < batch.SequenceLength; position++)
            {
                var index = (row * batch.SequenceLength) + position;
                if (batch.AttentionMask[index] == 0)
                {
                    continue;
                }

                TensorPrimitives.Add(sum, tokenEmbeddings.Slice(index * hidden, hidden), sum);
                tokens++;
            }

            // Every row contains its special tokens, so the count is positive. The guard only avoids a division
            // by zero should an encoder ever return an empty row.
            TensorPrimitives.Divide(sum, Math.Max(tokens, 1), sum);
            var norm = TensorPrimitives.Norm<float>(sum);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(sum, norm, sum);
            }

            embeddings[row] = sum;
        }

        return embeddings;
    }
}
