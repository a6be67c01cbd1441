namespace Cappy.Scorer.Synthetic;

/// <summary>
/// Every parameter of a synthetic RoBERTa classifier, row-major float32, exactly as
/// <see cref="RobertaOnnxGenerator.Write"/> stores them for the same config. Dense weights are [in, out].
/// </summary>
public sealed class RobertaWeights
{
    internal RobertaWeights(RobertaModelConfig config, Func<string, float[]> tensor)
    {
        Config = config;
        WordEmbeddings = tensor(RobertaTensorLayout.WordEmbeddings);
        PositionEmbeddings = tensor(RobertaTensorLayout.PositionEmbeddings);
        TokenTypeEmbedding = tensor(RobertaTensorLayout.TokenTypeEmbeddings);
        EmbeddingLayerNormScale = tensor(RobertaTensorLayout.EmbeddingLayerNormScale);
        EmbeddingLayerNormBias = tensor(RobertaTensorLayout.EmbeddingLayerNormBias);

        var layers = new RobertaLayerWeights[config.Layers];
        for (var layer = 0; layer < layers.Length; layer++)
        {
            layers[layer] = new RobertaLayerWeights(layer, tensor);
        }

        Layers = layers;
        ClassifierDenseWeight = tensor(RobertaTensorLayout.ClassifierDenseWeight);
        ClassifierDenseBias = tensor(RobertaTensorLayout.ClassifierDenseBias);
        ClassifierOutputWeight = tensor(RobertaTensorLayout.ClassifierOutputWeight);
        ClassifierOutputBias = tensor(RobertaTensorLayout.ClassifierOutputBias);
    }

    /// <summary>The config these weights were drawn for.</summary>
    public RobertaModelConfig Config { get; }

    /// <summary>Word embedding table, [vocabulary, hidden].</summary>
    public float[] WordEmbeddings { get; }

    /// <summary>Position embedding table, [max positions, hidden]. Row 1 is the padding position.</summary>
    public float[] PositionEmbeddings { get; }

    /// <summary>The only token type embedding row, [hidden], added to every token.</summary>
    public float[] TokenTypeEmbedding { get; }

    /// <summary>Scale of the embedding LayerNorm, [hidden].</summary>
    public float[] EmbeddingLayerNormScale { get; }

    /// <summary>Shift of the embedding LayerNorm, [hidden].</summary>
    public float[] EmbeddingLayerNormBias { get; }

    /// <summary>Encoder layers, first to last.</summary>
    public IReadOnlyList<RobertaLayerWeights> Layers { get; }

    /// <summary>Classification head dense applied to the first token, [hidden, hidden].</summary>
    public float[] ClassifierDenseWeight { get; }

    /// <summary>Classification head dense bias, [hidden].</summary>
    public float[] ClassifierDenseBias { get; }

    /// <summary>Projection to the single logit, [hidden, 1].</summary>
    public float[] ClassifierOutputWeight { get; }

    /// <summary>Bias of the single logit, [1].</summary>
    public float[] ClassifierOutputBias { get; }
}
