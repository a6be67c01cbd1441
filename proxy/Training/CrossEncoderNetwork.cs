using Cappy.Scorer.Synthetic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Layout = Cappy.Scorer.Synthetic.RobertaTensorLayout;

namespace Cappy.Proxy.Training;

/// <summary>
/// A BERT or RoBERTa cross-encoder with one regression output, as a TorchSharp module: the same computation as the
/// ONNX graph that <see cref="RobertaOnnxGenerator"/> writes for the same <see cref="RobertaModelConfig"/>.
/// </summary>
/// <remarks>
/// The head reads the first token (<c>[CLS]</c> or <c>&lt;s&gt;</c>): dense, tanh, then a projection to one logit.
/// Dropout with <see cref="DropoutProbability"/> is active in training mode only.
/// </remarks>
internal sealed class CrossEncoderNetwork : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    /// <summary>Dropout of HuggingFace's BERT and RoBERTa configs (hidden and attention dropout).</summary>
    public const double DropoutProbability = 0.1;

    private readonly Embedding wordEmbeddings;
    private readonly Embedding positionEmbeddings;
    private readonly Embedding tokenTypeEmbeddings;
    private readonly LayerNorm embeddingNorm;
    private readonly ModuleList<EncoderLayer> layers;
    private readonly Linear headDense;
    private readonly Linear headOutput;
    private readonly Dropout dropout;

    public CrossEncoderNetwork(RobertaModelConfig config)
        : base(nameof(CrossEncoderNetwork))
    {
        Config = config;
        wordEmbeddings = nn.Embedding(config.VocabularySize, config.Hidden);
        positionEmbeddings = nn.Embedding(config.MaxPositions, config.Hidden);
        tokenTypeEmbeddings = nn.Embedding(config.TypeVocabularySize, config.Hidden);
        embeddingNorm = nn.LayerNorm([config.Hidden], config.LayerNormEpsilon);
        layers = nn.ModuleList(Enumerable.Range(0, config.Layers)
            .Select(_ => new EncoderLayer(config.Hidden, config.Heads, config.Intermediate, config.LayerNormEpsilon, DropoutProbability))
            .ToArray());
        headDense = nn.Linear(config.Hidden, config.Hidden);
        headOutput = nn.Linear(config.Hidden, 1);
        dropout = nn.Dropout(DropoutProbability);
        RegisterComponents();
    }

    /// <summary>Shape and family of the network.</summary>
    public RobertaModelConfig Config { get; }

    /// <summary>
    /// Lists every parameter under the tensor name that <see cref="RobertaTensorLayout.Create"/> gives it, with whether
    /// it is stored transposed: PyTorch's <c>Linear.weight</c> is [out, in], the exported tensor [in, out].
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter, bool Transposed)> NamedWeights()
    {
        string Name(string robertaName) => Layout.Name(Config.Family, robertaName);

        yield return (Name(Layout.WordEmbeddings), wordEmbeddings.weight!, false);
        yield return (Name(Layout.PositionEmbeddings), positionEmbeddings.weight!, false);
        yield return (Name(Layout.TokenTypeEmbeddings), tokenTypeEmbeddings.weight!, false);
        yield return (Name(Layout.EmbeddingLayerNormScale), embeddingNorm.weight!, false);
        yield return (Name(Layout.EmbeddingLayerNormBias), embeddingNorm.bias!, false);
        for (var index = 0; index < layers.Count; index++)
        {
            foreach (var (parameter, tensor, transposed) in layers[index].NamedWeights())
            {
                yield return (Name(Layout.LayerTensor(index, parameter)), tensor, transposed);
            }
        }

        yield return (Layout.ClassifierDenseWeight, headDense.weight!, true);
        yield return (Layout.ClassifierDenseBias, headDense.bias!, false);
        yield return (Layout.ClassifierOutputWeight, headOutput.weight!, true);
        yield return (Layout.ClassifierOutputBias, headOutput.bias!, false);
    }

    /// <summary>Returns the logits, [batch, 1], for int64 inputs of shape [batch, sequence].</summary>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        using var scope = NewDisposeScope();
        var hiddenStates = Encode(inputIds, attentionMask, tokenTypeIds);
        var first = dropout.forward(hiddenStates.select(1, 0));
        var pooled = dropout.forward(headDense.forward(first).tanh());
        return headOutput.forward(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>Returns the last hidden states, [batch, sequence, hidden], before the head.</summary>
    public Tensor Encode(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        using var scope = NewDisposeScope();
        var embedded = wordEmbeddings.forward(inputIds)
            .add(positionEmbeddings.forward(PositionIds(inputIds)))
            .add(tokenTypeEmbeddings.forward(tokenTypeIds));
        var hiddenStates = dropout.forward(embeddingNorm.forward(embedded));

        // (1 - mask) * float.MinValue as [batch, 1, 1, sequence], as the ONNX graph and HuggingFace compute it.
        var additiveMask = attentionMask.to(ScalarType.Float32).neg().add(1).mul(float.MinValue).unsqueeze(1).unsqueeze(2);
        foreach (var layer in layers)
        {
            hiddenStates = layer.forward(hiddenStates, additiveMask);
        }

        return hiddenStates.MoveToOuterDisposeScope();
    }

    // BERT counts positions 0..n-1; RoBERTa counts real tokens from padding id + 1 and gives pads the padding id.
    private Tensor PositionIds(Tensor inputIds)
    {
        if (Config.Family == EncoderFamily.Bert)
        {
            return arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0);
        }

        var isToken = inputIds.ne(RobertaModelConfig.PaddingId).to(ScalarType.Int64);
        return isToken.cumsum(1, ScalarType.Int64).mul(isToken).add(RobertaModelConfig.PaddingId);
    }
}
