using System.Numerics.Tensors;
using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>
/// Scores a response by the cosine similarity of its sentence embedding to the instruction's. A sentence
/// embedding is the attention-mask mean of the model's token embeddings, L2-normalised, as sentence-transformers
/// computes it for all-MiniLM-L6-v2. Thread-safe because the encoder and the session are.
/// </summary>
internal sealed class BiEncoderScorer : IScorer
{
    /// <summary>Maximum tokens of one text, special tokens included: the sequence length all-MiniLM-L6-v2 was trained with.</summary>
    public const int MaxTokens = 256;

    private readonly InferenceSession _session;
    private volatile bool _disposed;
    private readonly ModelSignature _signature;
    private readonly IPairEncoder _encoder;

    public BiEncoderScorer(InferenceSession session, ModelSignature signature, IPairEncoder encoder, ScorerDescription description)
    {
        _session = session;
        _signature = signature;
        _encoder = encoder;
        Description = description;
    }

    public ScorerDescription Description { get; }

    public ValueTask<float[]> ScoreAsync(string instruction, IReadOnlyList<string> responses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        ArgumentNullException.ThrowIfNull(responses);
        return SynchronousScoring.Complete(() => Score(instruction, responses, cancellationToken), cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }

    private float[] Score(string instruction, IReadOnlyList<string> responses, CancellationToken cancellationToken)
    {
        // A disposed session crashes the process inside ONNX Runtime instead of throwing, so check first.
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (responses.Count == 0)
        {
            return [];
        }

        // Row 0 is the instruction, row i + 1 is response i.
        var rows = new EncodedInput[responses.Count + 1];
        rows[0] = _encoder.EncodeSingle(instruction, MaxTokens);
        for (var i = 0; i < responses.Count; i++)
        {
            rows[i + 1] = _encoder.EncodeSingle(responses[i], MaxTokens);
        }

        var batch = PaddedBatch.Create(rows, _encoder.PadTokenId, _signature.TakesTokenTypeIds);
        using var outputs = SessionRunner.Run(_session, _signature, batch, cancellationToken);

        var tokenEmbeddings = outputs[0];
        var shape = tokenEmbeddings.GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != rows.Length || shape[1] != batch.SequenceLength)
        {
            throw new InvalidOperationException(
                $"Model output '{_signature.OutputName}' has shape [{string.Join(", ", shape)}]: expected [{rows.Length}, {batch.SequenceLength}, hidden].");
        }

        var hidden = (int)shape[2];
        var embeddings = MeanPoolAndNormalize(tokenEmbeddings.GetTensorDataAsSpan<float>(), batch, hidden);
        var instructionEmbedding = embeddings.AsSpan(0, hidden);
        var scores = new float[responses.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            var responseEmbedding = embeddings.AsSpan((i + 1) * hidden, hidden);

            // Both vectors have unit length, so the dot product is the cosine; rounding can leave it just past ±1.
            scores[i] = Math.Clamp(TensorPrimitives.Dot(instructionEmbedding, responseEmbedding), -1f, 1f);
        }

        return scores;
    }

    /// <summary>
    /// Averages each row's token embeddings over the positions with attention mask 1 and scales the mean to
    /// unit length. Returns [rows, hidden] row-major.
    /// </summary>
    private static float[] MeanPoolAndNormalize(ReadOnlySpan<float> tokenEmbeddings, PaddedBatch batch, int hidden)
    {
        var embeddings = new float[batch.RowCount * hidden];
        for (var row = 0; row < batch.RowCount; row++)
        {
            var sum = embeddings.AsSpan(row * hidden, hidden);
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
            var norm = TensorPrimitives.Norm(sum);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(sum, norm, sum);
            }
        }

        return embeddings;
    }
}
