namespace Cappy.Scorer.Synthetic;

/// <summary>
/// Parameters of one encoder layer, row-major float32. Dense weights are [in, out], the transpose of PyTorch's
/// <c>Linear.weight</c>, so that <c>y = x · W + b</c>.
/// </summary>
public sealed class RobertaLayerWeights
{
    internal RobertaLayerWeights(int layer, Func<string, float[]> tensor)
    {
        float[] Parameter(string name) => tensor(RobertaTensorLayout.LayerTensor(layer, name));

        QueryWeight = Parameter("attention.self.query.weight");
        QueryBias = Parameter("attention.self.query.bias");
        KeyWeight = Parameter("attention.self.key.weight");
        KeyBias = Parameter("attention.self.key.bias");
        ValueWeight = Parameter("attention.self.value.weight");
        ValueBias = Parameter("attention.self.value.bias");
        AttentionOutputWeight = Parameter("attention.output.dense.weight");
        AttentionOutputBias = Parameter("attention.output.dense.bias");
        AttentionLayerNormScale = Parameter("attention.output.LayerNorm.weight");
        AttentionLayerNormBias = Parameter("attention.output.LayerNorm.bias");
        IntermediateWeight = Parameter("intermediate.dense.weight");
        IntermediateBias = Parameter("intermediate.dense.bias");
        OutputWeight = Parameter("output.dense.weight");
        OutputBias = Parameter("output.dense.bias");
        OutputLayerNormScale = Parameter("output.LayerNorm.weight");
        OutputLayerNormBias = Parameter("output.LayerNorm.bias");
    }

    /// <summary>Query projection, [hidden, hidden].</summary>
    public float[] QueryWeight { get; }

    /// <summary>Query bias, [hidden].</summary>
    public float[] QueryBias { get; }

    /// <summary>Key projection, [hidden, hidden].</summary>
    public float[] KeyWeight { get; }

    /// <summary>Key bias, [hidden].</summary>
    public float[] KeyBias { get; }

    /// <summary>Value projection, [hidden, hidden].</summary>
    public float[] ValueWeight { get; }

    /// <summary>Value bias, [hidden].</summary>
    public float[] ValueBias { get; }

    /// <summary>Projection of the concatenated heads, [hidden, hidden].</summary>
    public float[] AttentionOutputWeight { get; }

    /// <summary>Bias of the attention output projection, [hidden].</summary>
    public float[] AttentionOutputBias { get; }

    /// <summary>Scale of the LayerNorm after the attention residual, [hidden].</summary>
    public float[] AttentionLayerNormScale { get; }

    /// <summary>Shift of the LayerNorm after the attention residual, [hidden].</summary>
    public float[] AttentionLayerNormBias { get; }

    /// <summary>First feed-forward dense, [hidden, intermediate].</summary>
    public float[] IntermediateWeight { get; }

    /// <summary>First feed-forward bias, [intermediate].</summary>
    public float[] IntermediateBias { get; }

    /// <summary>Second feed-forward dense, [intermediate, hidden].</summary>
    public float[] OutputWeight { get; }

    /// <summary>Second feed-forward bias, [hidden].</summary>
    public float[] OutputBias { get; }

    /// <summary>Scale of the LayerNorm after the feed-forward residual, [hidden].</summary>
    public float[] OutputLayerNormScale { get; }

    /// <summary>Shift of the LayerNorm after the feed-forward residual, [hidden].</summary>
    public float[] OutputLayerNormBias { get; }
}
