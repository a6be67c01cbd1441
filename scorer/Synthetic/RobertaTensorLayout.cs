namespace Cappy.Scorer.Synthetic;

/// <summary>
/// The weight tensors of a RoBERTa or BERT classifier, in the order their values are drawn from the seeded generator.
/// </summary>
/// <remarks>
/// Names follow HuggingFace's <c>RobertaForSequenceClassification</c> state dict, but every dense weight is stored as
/// [in, out] so that ONNX <c>MatMul</c> uses it directly. PyTorch's <c>Linear.weight</c> is its transpose. The
/// constants are the RoBERTa names; <see cref="Name"/> gives a tensor's name in the config's family, where BERT
/// tensors start with <c>bert.</c> instead of <c>roberta.</c>. Both families share the head: dense, tanh and a
/// projection to one logit, applied to the first token.
/// </remarks>
internal static class RobertaTensorLayout
{
    public const string WordEmbeddings = "roberta.embeddings.word_embeddings.weight";
    public const string PositionEmbeddings = "roberta.embeddings.position_embeddings.weight";
    public const string TokenTypeEmbeddings = "roberta.embeddings.token_type_embeddings.weight";
    public const string EmbeddingLayerNormScale = "roberta.embeddings.LayerNorm.weight";
    public const string EmbeddingLayerNormBias = "roberta.embeddings.LayerNorm.bias";
    public const string ClassifierDenseWeight = "classifier.dense.weight";
    public const string ClassifierDenseBias = "classifier.dense.bias";
    public const string ClassifierOutputWeight = "classifier.out_proj.weight";
    public const string ClassifierOutputBias = "classifier.out_proj.bias";

    private const string RobertaPrefix = "roberta.";
    private const string BertPrefix = "bert.";

    /// <summary>Returns the tensor name of one encoder layer's parameter, e.g. <c>attention.self.query.weight</c>.</summary>
    public static string LayerTensor(int layer, string parameter) => $"roberta.encoder.layer.{layer}.{parameter}";

    /// <summary>Returns the name that the RoBERTa tensor name <paramref name="robertaName"/> has in <paramref name="family"/>.</summary>
    public static string Name(EncoderFamily family, string robertaName) =>
        family == EncoderFamily.Bert && robertaName.StartsWith(RobertaPrefix, StringComparison.Ordinal)
            ? string.Concat(BertPrefix, robertaName.AsSpan(RobertaPrefix.Length))
            : robertaName;

    /// <summary>Lists every weight tensor of <paramref name="config"/> in generation order.</summary>
    public static IReadOnlyList<RobertaTensorSpec> Create(RobertaModelConfig config)
    {
        var specs = CreateRobertaNamed(config);
        return specs.Select(spec => spec with { Name = Name(config.Family, spec.Name) }).ToList();
    }

    private static List<RobertaTensorSpec> CreateRobertaNamed(RobertaModelConfig config)
    {
        long hidden = config.Hidden;
        long intermediate = config.Intermediate;
        var specs = new List<RobertaTensorSpec>
        {
            new(WordEmbeddings, [config.VocabularySize, hidden], RobertaTensorRole.Weight),
            new(PositionEmbeddings, [config.MaxPositions, hidden], RobertaTensorRole.Weight),
            new(TokenTypeEmbeddings, [config.TypeVocabularySize, hidden], RobertaTensorRole.Weight),
            new(EmbeddingLayerNormScale, [hidden], RobertaTensorRole.LayerNormScale),
            new(EmbeddingLayerNormBias, [hidden], RobertaTensorRole.Bias),
        };

        for (var layer = 0; layer < config.Layers; layer++)
        {
            AddDense(specs, layer, "attention.self.query", hidden, hidden);
            AddDense(specs, layer, "attention.self.key", hidden, hidden);
            AddDense(specs, layer, "attention.self.value", hidden, hidden);
            AddDense(specs, layer, "attention.output.dense", hidden, hidden);
            AddLayerNorm(specs, layer, "attention.output.LayerNorm", hidden);
            AddDense(specs, layer, "intermediate.dense", hidden, intermediate);
            AddDense(specs, layer, "output.dense", intermediate, hidden);
            AddLayerNorm(specs, layer, "output.LayerNorm", hidden);
        }

        specs.Add(new(ClassifierDenseWeight, [hidden, hidden], RobertaTensorRole.Weight));
        specs.Add(new(ClassifierDenseBias, [hidden], RobertaTensorRole.Bias));
        specs.Add(new(ClassifierOutputWeight, [hidden, 1], RobertaTensorRole.Weight));
        specs.Add(new(ClassifierOutputBias, [1], RobertaTensorRole.Bias));
        return specs;
    }

    private static void AddDense(List<RobertaTensorSpec> specs, int layer, string module, long inputSize, long outputSize)
    {
        specs.Add(new(LayerTensor(layer, module + ".weight"), [inputSize, outputSize], RobertaTensorRole.Weight));
        specs.Add(new(LayerTensor(layer, module + ".bias"), [outputSize], RobertaTensorRole.Bias));
    }

    private static void AddLayerNorm(List<RobertaTensorSpec> specs, int layer, string module, long size)
    {
        specs.Add(new(LayerTensor(layer, module + ".weight"), [size], RobertaTensorRole.LayerNormScale));
        specs.Add(new(LayerTensor(layer, module + ".bias"), [size], RobertaTensorRole.Bias));
    }
}
