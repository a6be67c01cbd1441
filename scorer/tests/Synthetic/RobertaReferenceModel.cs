using Cappy.Scorer.Synthetic;

namespace Cappy.Scorer.Tests.Synthetic;

/// <summary>
/// A plain float64 forward pass of RoBERTa or BERT sequence classification, written from the HuggingFace models'
/// definitions, to check the ONNX graph against. The loops are slow, so use it for tiny configs only.
/// </summary>
internal sealed class RobertaReferenceModel
{
    private readonly RobertaWeights weights;
    private readonly int hidden;
    private readonly double layerNormEpsilon;

    public RobertaReferenceModel(RobertaWeights weights)
    {
        this.weights = weights;
        hidden = weights.Config.Hidden;
        layerNormEpsilon = weights.Config.Family == EncoderFamily.Bert ? 1e-12 : 1e-5;
    }

    /// <summary>
    /// Computes one logit per row of a padded batch whose id, mask and (for BERT) token type rows have equal lengths.
    /// </summary>
    public double[] ComputeLogits(long[][] inputIds, long[][] attentionMask, long[][]? tokenTypeIds = null)
    {
        var logits = new double[inputIds.Length];
        for (var row = 0; row < inputIds.Length; row++)
        {
            logits[row] = ComputeLogit(inputIds[row], attentionMask[row], tokenTypeIds?[row] ?? new long[inputIds[row].Length]);
        }

        return logits;
    }

    private double ComputeLogit(long[] ids, long[] mask, long[] tokenTypes)
    {
        var states = weights.Config.Family == EncoderFamily.Bert ? EmbedBert(ids, tokenTypes) : Embed(ids);
        foreach (var layer in weights.Layers)
        {
            states = EncoderLayer(layer, states, mask);
        }

        var pooled = Dense(states[0], weights.ClassifierDenseWeight, weights.ClassifierDenseBias, hidden);
        for (var i = 0; i < pooled.Length; i++)
        {
            pooled[i] = Math.Tanh(pooled[i]);
        }

        return Dense(pooled, weights.ClassifierOutputWeight, weights.ClassifierOutputBias, 1)[0];
    }

    // Position ids count the non-pad tokens so far, offset by the padding id. Pad tokens get the padding id.
    private double[][] Embed(long[] ids)
    {
        var states = new double[ids.Length][];
        long tokensSoFar = 0;
        for (var t = 0; t < ids.Length; t++)
        {
            var isToken = ids[t] != RobertaModelConfig.PaddingId;
            if (isToken)
            {
                tokensSoFar++;
            }

            var position = isToken ? tokensSoFar + RobertaModelConfig.PaddingId : RobertaModelConfig.PaddingId;
            var sum = new double[hidden];
            for (var i = 0; i < hidden; i++)
            {
                sum[i] = (double)weights.WordEmbeddings[(ids[t] * hidden) + i]
                    + weights.PositionEmbeddings[(position * hidden) + i]
                    + weights.TokenTypeEmbedding[i];
            }

            states[t] = LayerNorm(sum, weights.EmbeddingLayerNormScale, weights.EmbeddingLayerNormBias);
        }

        return states;
    }

    // BERT: position ids 0..n-1 for every row, pads included, and one token type row per token.
    private double[][] EmbedBert(long[] ids, long[] tokenTypes)
    {
        var states = new double[ids.Length][];
        for (var t = 0; t < ids.Length; t++)
        {
            var sum = new double[hidden];
            for (var i = 0; i < hidden; i++)
            {
                sum[i] = (double)weights.WordEmbeddings[(ids[t] * hidden) + i]
                    + weights.PositionEmbeddings[(t * hidden) + i]
                    + weights.TokenTypeEmbedding[(tokenTypes[t] * hidden) + i];
            }

            states[t] = LayerNorm(sum, weights.EmbeddingLayerNormScale, weights.EmbeddingLayerNormBias);
        }

        return states;
    }

    private double[][] EncoderLayer(RobertaLayerWeights layer, double[][] input, long[] mask)
    {
        var length = input.Length;
        var heads = weights.Config.Heads;
        var headSize = weights.Config.HeadSize;
        var scale = 1.0 / Math.Sqrt(headSize);

        var queries = input.Select(x => Dense(x, layer.QueryWeight, layer.QueryBias, hidden)).ToArray();
        var keys = input.Select(x => Dense(x, layer.KeyWeight, layer.KeyBias, hidden)).ToArray();
        var values = input.Select(x => Dense(x, layer.ValueWeight, layer.ValueBias, hidden)).ToArray();

        var output = new double[length][];
        for (var t = 0; t < length; t++)
        {
            var context = new double[hidden];
            for (var head = 0; head < heads; head++)
            {
                var offset = head * headSize;

                // Keys with mask 0 get probability 0, which HuggingFace's additive float.MinValue also gives after exp.
                var scores = new double[length];
                var maxScore = double.NegativeInfinity;
                for (var k = 0; k < length; k++)
                {
                    if (mask[k] == 0)
                    {
                        continue;
                    }

                    double dot = 0;
                    for (var i = 0; i < headSize; i++)
                    {
                        dot += queries[t][offset + i] * keys[k][offset + i];
                    }

                    scores[k] = dot * scale;
                    maxScore = Math.Max(maxScore, scores[k]);
                }

                double total = 0;
                for (var k = 0; k < length; k++)
                {
                    scores[k] = mask[k] == 0 ? 0 : Math.Exp(scores[k] - maxScore);
                    total += scores[k];
                }

                for (var k = 0; k < length; k++)
                {
                    for (var i = 0; i < headSize; i++)
                    {
                        context[offset + i] += scores[k] / total * values[k][offset + i];
                    }
                }
            }

            var attention = Dense(context, layer.AttentionOutputWeight, layer.AttentionOutputBias, hidden);
            var attentionNormed = LayerNorm(Add(attention, input[t]), layer.AttentionLayerNormScale, layer.AttentionLayerNormBias);

            var intermediate = Dense(attentionNormed, layer.IntermediateWeight, layer.IntermediateBias, weights.Config.Intermediate);
            for (var i = 0; i < intermediate.Length; i++)
            {
                intermediate[i] = 0.5 * intermediate[i] * (1 + Erf(intermediate[i] / Math.Sqrt(2)));
            }

            var feedForward = Dense(intermediate, layer.OutputWeight, layer.OutputBias, hidden);
            output[t] = LayerNorm(Add(feedForward, attentionNormed), layer.OutputLayerNormScale, layer.OutputLayerNormBias);
        }

        return output;
    }

    // y = x · W + b with W stored row-major as [in, out].
    private static double[] Dense(double[] input, float[] weight, float[] bias, int outputSize)
    {
        var output = new double[outputSize];
        for (var o = 0; o < outputSize; o++)
        {
            double sum = bias[o];
            for (var i = 0; i < input.Length; i++)
            {
                sum += input[i] * weight[(i * outputSize) + o];
            }

            output[o] = sum;
        }

        return output;
    }

    private static double[] Add(double[] left, double[] right) => left.Zip(right, (a, b) => a + b).ToArray();

    private double[] LayerNorm(double[] input, float[] scale, float[] bias)
    {
        var mean = input.Average();
        var variance = input.Select(x => (x - mean) * (x - mean)).Average();
        var deviation = Math.Sqrt(variance + layerNormEpsilon);
        var output = new double[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = ((input[i] - mean) / deviation * scale[i]) + bias[i];
        }

        return output;
    }

    // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)). The terms are all positive, so the
    // sum keeps float64 precision. Beyond |x| = 6, erf differs from +-1 by less than 1e-17.
    private static double Erf(double x)
    {
        if (Math.Abs(x) >= 6)
        {
            return Math.Sign(x);
        }

        var term = x;
        var sum = x;
        for (var n = 1; Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= 2 * x * x / ((2 * n) + 1);
            sum += term;
        }

        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }
}
