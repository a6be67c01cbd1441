using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Passes every call to the loaded model and records the rows of each batch the pipeline runs, so that the same
/// batches can be replayed on the bare session. Disposing it leaves the inner model loaded, because the scorer
/// that created the model owns it.
/// </summary>
internal sealed class BatchRecordingModel : IScoringModel
{
    private readonly IScoringModel _inner;
    private readonly List<EncodedInput[]> _batches = [];
    private readonly Lock _gate = new();

    public BatchRecordingModel(IScoringModel inner)
    {
        _inner = inner;
    }

    public ScorerDescription Description => _inner.Description;

    public InferenceSession Session => _inner.Session;

    public ModelSignature Signature => _inner.Signature;

    public int PadTokenId => _inner.PadTokenId;

    /// <summary>Returns a copy of the batches run so far, in run order.</summary>
    public IReadOnlyList<EncodedInput[]> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    public EncodedInput[] Encode(string instruction, IReadOnlyList<string> responses) => _inner.Encode(instruction, responses);

    public float[][] Run(IReadOnlyList<EncodedInput> rows, CancellationToken cancellationToken)
    {
        var outputs = _inner.Run(rows, cancellationToken);
        lock (_gate)
        {
            _batches.Add([.. rows]);
        }

        return outputs;
    }

    public float[] Combine(IReadOnlyList<float[]> rowOutputs, int responseCount) => _inner.Combine(rowOutputs, responseCount);

    public void Dispose()
    {
    }
}
