using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Scorer.Synthetic;
using Cappy.Scorer.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Proxy.Training;

/// <summary>
/// Runs the frozen base encoder with ONNX Runtime and returns the first token's final hidden state of each
/// (instruction, response) pair: the input of the classification head.
/// </summary>
/// <remarks>
/// The embedded all-MiniLM-L6-v2 model outputs <c>last_hidden_state</c>, whose first position is taken. For a model
/// directory, the encoder is rebuilt from the read weights by the ONNX generator with an extra
/// <c>first_token_hidden_state</c> output, so that exports without a hidden-state output work too.
/// </remarks>
internal sealed class FeatureEncoder : IDisposable
{
    private readonly InferenceSession session;
    private readonly ModelSignature signature;
    private readonly bool perToken;

    private FeatureEncoder(InferenceSession session, ModelSignature signature, bool perToken, int hidden)
    {
        this.session = session;
        this.signature = signature;
        this.perToken = perToken;
        Hidden = hidden;
    }

    public int Hidden { get; }

    /// <summary>
    /// Creates the session for <paramref name="baseModel"/>; a generated graph is written to
    /// <paramref name="scratchDirectory"/> and removed once loaded. <paramref name="threads"/> sets ONNX Runtime's
    /// intra-op threads; 0 keeps its default.
    /// </summary>
    public static FeatureEncoder Create(BaseModel baseModel, string scratchDirectory, int threads)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }

        var hidden = baseModel.Config.Hidden;
        if (string.Equals(baseModel.Name, BaseModelLoader.EmbeddedBase, StringComparison.OrdinalIgnoreCase))
        {
            var embedded = new InferenceSession(EmbeddedMiniLm.ReadModel(), options);
            return new FeatureEncoder(
                embedded, ModelSignature.Read(embedded, ModelSignature.LastHiddenState, 3, "the embedded all-MiniLM-L6-v2 model"), perToken: true, hidden);
        }

        var path = Path.Combine(scratchDirectory, "encoder-features.onnx");
        try
        {
            RobertaOnnxGenerator.WriteWithWeights(baseModel.Config, path, name => baseModel.Weights[name], firstTokenOutput: true);
            var generated = new InferenceSession(path, options);
            return new FeatureEncoder(
                generated, ModelSignature.Read(generated, RobertaGraphBuilder.FirstTokenHiddenState, 2, path), perToken: false, hidden);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Returns the features of <paramref name="rows"/> (one padded batch) as [rows, hidden], row-major.</summary>
    public float[] Encode(IReadOnlyList<EncodedInput> rows, int padTokenId, CancellationToken cancellationToken)
    {
        var batch = PaddedBatch.Create(rows, padTokenId, signature.TakesTokenTypeIds);
        using var outputs = SessionRunner.Run(session, signature, batch, cancellationToken);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var features = new float[rows.Count * Hidden];
        var rowStride = perToken ? batch.SequenceLength * Hidden : Hidden;
        for (var row = 0; row < rows.Count; row++)
        {
            values.Slice(row * rowStride, Hidden).CopyTo(features.AsSpan(row * Hidden, Hidden));
        }

        return features;
    }

    public void Dispose() => session.Dispose();
}
