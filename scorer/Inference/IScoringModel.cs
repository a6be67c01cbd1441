using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>
/// A loaded scorer model split into the steps the batching pipeline runs apart: encoding on the caller's thread,
/// inference on the pipeline's thread over rows of many requests, and combining one request's row outputs into
/// its scores.
/// </summary>
internal interface IScoringModel : IDisposable
{
    ScorerDescription Description { get; }

    /// <summary>The ONNX Runtime session, for callers that time bare runs against the pipeline.</summary>
    InferenceSession Session { get; }

    ModelSignature Signature { get; }

    int PadTokenId { get; }

    /// <summary>Encodes one request into model rows; <see cref="Combine"/> takes their outputs in the same order.</summary>
    EncodedInput[] Encode(string instruction, IReadOnlyList<string> responses);

    /// <summary>Runs rows as one padded batch and returns one output vector per row, in order.</summary>
    float[][] Run(IReadOnlyList<EncodedInput> rows, CancellationToken cancellationToken);

    /// <summary>Turns one request's row outputs, in <see cref="Encode"/> order, into one score per response.</summary>
    float[] Combine(IReadOnlyList<float[]> rowOutputs, int responseCount);
}
