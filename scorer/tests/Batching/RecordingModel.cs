using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Tests.Batching;

/// <summary>
/// A real model with a record of the batches the pipeline ran on it, and a gate that can hold the batching loop
/// inside a run so tests can queue requests behind it. It does not dispose the model it wraps.
/// </summary>
internal sealed class RecordingModel(IScoringModel inner) : IScoringModel
{
    private readonly List<EncodedInput[]> _batches = [];

    /// <summary>While not null, every run waits for this gate before it starts.</summary>
    public SemaphoreSlim? Gate { get; set; }

    /// <summary>Set when a run has started and is waiting at the gate.</summary>
    public ManualResetEventSlim RunStarted { get; } = new();

    public IReadOnlyList<EncodedInput[]> Batches
    {
        get
        {
            lock (_batches)
            {
                return _batches.ToArray();
            }
        }
    }

    public ScorerDescription Description => inner.Description;

    public InferenceSession Session => inner.Session;

    public ModelSignature Signature => inner.Signature;

    public int PadTokenId => inner.PadTokenId;

    public EncodedInput[] Encode(string instruction, IReadOnlyList<string> responses) => inner.Encode(instruction, responses);

    public float[][] Run(IReadOnlyList<EncodedInput> rows, CancellationToken cancellationToken)
    {
        lock (_batches)
        {
            _batches.Add(rows.ToArray());
        }

        RunStarted.Set();
        Gate?.Wait(cancellationToken);
        return inner.Run(rows, cancellationToken);
    }

    public float[] Combine(IReadOnlyList<float[]> rowOutputs, int responseCount) => inner.Combine(rowOutputs, responseCount);

    public void Dispose() => RunStarted.Dispose();
}
