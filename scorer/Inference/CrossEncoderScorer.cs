using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>
/// Scores each (instruction, response) pair as one row of a text-classification export. The score is the raw
/// logit <c>logits[i][0]</c>, with no sigmoid. Thread-safe because the pair encoders and
/// <see cref="InferenceSession"/> runs are.
/// </summary>
internal sealed class CrossEncoderScorer : IScorer
{
    private readonly InferenceSession _session;
    private volatile bool _disposed;
    private readonly ModelSignature _signature;
    private readonly IPairEncoder _encoder;
    private readonly int _maxLength;

    public CrossEncoderScorer(InferenceSession session, ModelSignature signature, IPairEncoder encoder, int maxLength, ScorerDescription description)
    {
        _session = session;
        _signature = signature;
        _encoder = encoder;
        _maxLength = maxLength;
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

        var rows = new EncodedInput[responses.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = _encoder.EncodePair(instruction, responses[i], _maxLength);
        }

        var batch = PaddedBatch.Create(rows, _encoder.PadTokenId, _signature.TakesTokenTypeIds);
        using var outputs = SessionRunner.Run(_session, _signature, batch, cancellationToken);

        // logits has shape [rows, labels]; row i starts at i * labels.
        var logits = outputs[0];
        var shape = logits.GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[0] != rows.Length || shape[1] < 1)
        {
            throw new InvalidOperationException(
                $"Model output '{_signature.OutputName}' has shape [{string.Join(", ", shape)}]: expected [{rows.Length}, labels] with at least one label.");
        }

        var labels = (int)shape[1];
        var values = logits.GetTensorDataAsSpan<float>();
        var scores = new float[rows.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = values[i * labels];
        }

        return scores;
    }
}
