using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>
/// Scores each (instruction, response) pair as one row of a text-classification export. The score is the raw
/// logit <c>logits[i][0]</c>, with no sigmoid. Thread-safe because the pair encoders and
/// <see cref="InferenceSession"/> runs are.
/// </summary>
internal sealed class CrossEncoderModel : IScoringModel
{
    private readonly IPairEncoder _encoder;
    private readonly int _maxLength;
    private volatile bool _disposed;

    public CrossEncoderModel(InferenceSession session, ModelSignature signature, IPairEncoder encoder, int maxLength, ScorerDescription description)
    {
        Session = session;
        Signature = signature;
        _encoder = encoder;
        _maxLength = maxLength;
        Description = description;
    }

    public ScorerDescription Description { get; }

    public InferenceSession Session { get; }

    public ModelSignature Signature { get; }

    public int PadTokenId => _encoder.PadTokenId;

    public EncodedInput[] Encode(string instruction, IReadOnlyList<string> responses)
    {
        var rows = new EncodedInput[responses.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = _encoder.EncodePair(instruction, responses[i], _maxLength);
        }

        return rows;
    }

    public float[][] Run(IReadOnlyList<EncodedInput> rows, CancellationToken cancellationToken)
    {
        // A disposed session crashes the process inside ONNX Runtime instead of throwing, so check first.
        ObjectDisposedException.ThrowIf(_disposed, this);
        var batch = PaddedBatch.Create(rows, _encoder.PadTokenId, Signature.TakesTokenTypeIds);
        using var outputs = SessionRunner.Run(Session, Signature, batch, cancellationToken);

        // logits has shape [rows, labels]; row i starts at i * labels.
        var logits = outputs[0];
        var shape = logits.GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[0] != rows.Count || shape[1] < 1)
        {
            throw new InvalidOperationException(
                $"Model output '{Signature.OutputName}' has shape [{string.Join(", ", shape)}]: expected [{rows.Count}, labels] with at least one label.");
        }

        var labels = (int)shape[1];
        var values = logits.GetTensorDataAsSpan<float>();
        var results = new float[rows.Count][];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = [values[i * labels]];
        }

        return results;
    }

    public float[] Combine(IReadOnlyList<float[]> rowOutputs, int responseCount)
    {
        var scores = new float[responseCount];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = rowOutputs[i][0];
        }

        return scores;
    }

    public void Dispose()
    {
        _disposed = true;
        Session.Dispose();
    }
}
