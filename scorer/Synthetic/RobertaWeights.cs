namespace Cappy.Scorer.Synthetic;

/// <summary>
/// Every parameter of a synthetic RoBERTa classifier, row-major float32, exactly as
/// <see cref="RobertaOnnxGenerator.Write"/> stores them for the same config. Dense weights are [in, out].
/// </summary>
public sealed class RobertaWeights
{
    internal RobertaWeights(RobertaModelConfig config, Func<string, float[]> familyTensor)
    {
        Config = config;
        float[] Tensor(string robertaName) => familyTensor(RobertaTensorLayout.Name(config.Family, robertaName));

        WordEmbeddings = Tensor(RobertaTensorLayout.WordEmbeddings);
        PositionEmbeddings = Tensor(RobertaTensorLayout.PositionEmbeddings);
        TokenTypeEmbedding = Tensor(RobertaTensorLayout.TokenTypeEmbeddings);
        EmbeddingLayerNormScale = Tensor(RobertaTensorLayout.EmbeddingLayerNormScale);
        EmbeddingLayerNormBias = Tensor(RobertaTensorLayout.EmbeddingLayerNormBias);

        var layers = new RobertaLayerWeights[config.Layers];
        for (var layer = 0; layer < layers.Length; layer++)
        {
            layers[layer] = new RobertaLayerWeights(layer, Tensor);
        }

        Layers = layers;
        ClassifierDenseWeight = Tensor(RobertaTensorLayout.ClassifierDenseWeight);
        ClassifierDenseBias = Tensor(RobertaTensorLayout.ClassifierDenseBias);
        ClassifierOutputWeight = Tensor(RobertaTensorLayout.ClassifierOutputWeight);
        ClassifierOutputBias = Tensor(RobertaTensorLayout.ClassifierOutputBias);
    }

    /// <summary>The config these weights were drawn for.</summary>
    public RobertaModelConfig Config { get; }

    /// <summary>Word embedding table, [vocabulary, hidden].</summary>
    public float[] WordEmbeddings { get; }

    /// <summary>Position embedding table, [max positions, hidden]. Row 1 is the padding position.</summary>
    public float[] PositionEmbeddings { get; }

    /// <summary>Token type embedding table, [token types, hidden]. RoBERTa has one row, added to every token.</summary>
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
