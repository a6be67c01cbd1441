using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Cappy.Proxy.Training;

/// <summary>
/// One post-LayerNorm transformer encoder layer of BERT and RoBERTa: self-attention, then a GELU feed-forward block,
/// each followed by dropout, a residual connection and LayerNorm.
/// </summary>
internal sealed class EncoderLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly int heads;
    private readonly int headSize;
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear attentionOutput;
    private readonly LayerNorm attentionNorm;
    private readonly Linear intermediate;
    private readonly Linear output;
    private readonly LayerNorm outputNorm;
    private readonly Dropout dropout;

    public EncoderLayer(int hidden, int heads, int intermediateSize, double layerNormEpsilon, double dropoutProbability)
        : base(nameof(EncoderLayer))
    {
        this.heads = heads;
        headSize = hidden / heads;
        query = nn.Linear(hidden, hidden);
        key = nn.Linear(hidden, hidden);
        value = nn.Linear(hidden, hidden);
        attentionOutput = nn.Linear(hidden, hidden);
        attentionNorm = nn.LayerNorm([hidden], layerNormEpsilon);
        intermediate = nn.Linear(hidden, intermediateSize);
        output = nn.Linear(intermediateSize, hidden);
        outputNorm = nn.LayerNorm([hidden], layerNormEpsilon);
        dropout = nn.Dropout(dropoutProbability);
        RegisterComponents();
    }

    /// <summary>
    /// Lists the layer's parameters by their name after <c>encoder.layer.N.</c>, with whether the parameter is a
    /// PyTorch <c>Linear.weight</c> ([out, in], the transpose of the exported [in, out] tensor).
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter, bool Transposed)> NamedWeights()
    {
        foreach (var (name, linear) in new[]
        {
            ("attention.self.query", query),
            ("attention.self.key", key),
            ("attention.self.value", value),
            ("attention.output.dense", attentionOutput),
            ("intermediate.dense", intermediate),
            ("output.dense", output),
        })
        {
            yield return (name + ".weight", linear.weight!, true);
            yield return (name + ".bias", linear.bias!, false);
        }

        yield return ("attention.output.LayerNorm.weight", attentionNorm.weight!, false);
        yield return ("attention.output.LayerNorm.bias", attentionNorm.bias!, false);
        yield return ("output.LayerNorm.weight", outputNorm.weight!, false);
        yield return ("output.LayerNorm.bias", outputNorm.bias!, false);
    }

    /// <summary>Runs the layer on [batch, sequence, hidden] states with an additive mask of shape [batch, 1, 1, sequence].</summary>
    public override Tensor forward(Tensor hiddenStates, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var batch = hiddenStates.shape[0];
        var sequence = hiddenStates.shape[1];
        var hidden = hiddenStates.shape[2];

        var queryHeads = SplitHeads(query.forward(hiddenStates), batch, sequence);
        var keyHeads = SplitHeads(key.forward(hiddenStates), batch, sequence);
        var valueHeads = SplitHeads(value.forward(hiddenStates), batch, sequence);

        var scores = queryHeads.matmul(keyHeads.transpose(-1, -2)).mul(1.0 / Math.Sqrt(headSize)).add(additiveMask);
        var probabilities = dropout.forward(scores.softmax(-1));
        var context = probabilities.matmul(valueHeads).transpose(1, 2).reshape(batch, sequence, hidden);
        var attended = attentionNorm.forward(dropout.forward(attentionOutput.forward(context)).add(hiddenStates));

        var activated = nn.functional.gelu(intermediate.forward(attended));
        var result = outputNorm.forward(dropout.forward(output.forward(activated)).add(attended));
        return result.MoveToOuterDisposeScope();
    }

    // [batch, sequence, hidden] -> [batch, heads, sequence, head size].
    private Tensor SplitHeads(Tensor states, long batch, long sequence) =>
        states.view(batch, sequence, heads, headSize).transpose(1, 2);
}
