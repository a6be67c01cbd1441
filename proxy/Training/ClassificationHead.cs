using System.Numerics.Tensors;
using Cappy.Scorer.Synthetic;

namespace Cappy.Proxy.Training;

/// <summary>
/// The cross-encoder's regression head in plain C#: logit = tanh(x · W + b) · w + c on the first token's hidden state x,
/// with W stored as [in, out] like the ONNX graph's <c>classifier.dense.weight</c>. Computes the squared error and its
/// gradient for training the head alone.
/// </summary>
internal sealed class ClassificationHead
{
    public ClassificationHead(int hidden)
    {
        Hidden = hidden;
        DenseWeight = new float[hidden * hidden];
        DenseBias = new float[hidden];
        OutputWeight = new float[hidden];
        OutputBias = new float[1];
    }

    public int Hidden { get; }

    /// <summary>[in, out], row-major.</summary>
    public float[] DenseWeight { get; }

    public float[] DenseBias { get; }

    public float[] OutputWeight { get; }

    /// <summary>One value.</summary>
    public float[] OutputBias { get; }

    /// <summary>The four parameter arrays in a fixed order, for the optimizer and for gradients of the same shapes.</summary>
    public float[][] Parameters => [DenseWeight, DenseBias, OutputWeight, OutputBias];

    /// <summary>Copies the head tensors of <paramref name="weights"/> (named as <see cref="RobertaTensorLayout"/> does).</summary>
    /// <exception cref="InvalidDataException">A head tensor is missing or has the wrong size.</exception>
    public static ClassificationHead FromWeights(IReadOnlyDictionary<string, float[]> weights, int hidden)
    {
        var head = new ClassificationHead(hidden);
        Copy(weights, RobertaTensorLayout.ClassifierDenseWeight, head.DenseWeight);
        Copy(weights, RobertaTensorLayout.ClassifierDenseBias, head.DenseBias);
        Copy(weights, RobertaTensorLayout.ClassifierOutputWeight, head.OutputWeight);
        Copy(weights, RobertaTensorLayout.ClassifierOutputBias, head.OutputBias);
        return head;
    }

    /// <summary>Returns <paramref name="weights"/> with the head tensors replaced by this head's.</summary>
    public Dictionary<string, float[]> WriteInto(IReadOnlyDictionary<string, float[]> weights)
    {
        var result = new Dictionary<string, float[]>(weights, StringComparer.Ordinal)
        {
            [RobertaTensorLayout.ClassifierDenseWeight] = (float[])DenseWeight.Clone(),
            [RobertaTensorLayout.ClassifierDenseBias] = (float[])DenseBias.Clone(),
            [RobertaTensorLayout.ClassifierOutputWeight] = (float[])OutputWeight.Clone(),
            [RobertaTensorLayout.ClassifierOutputBias] = (float[])OutputBias.Clone(),
        };
        return result;
    }

    /// <summary>Returns the logit for <paramref name="features"/>, using <paramref name="activations"/> (length hidden) as scratch.</summary>
    public float Forward(ReadOnlySpan<float> features, Span<float> activations)
    {
        DenseBias.CopyTo(activations);
        for (var i = 0; i < Hidden; i++)
        {
            // activations += x_i × row i of W
            TensorPrimitives.MultiplyAdd(DenseWeight.AsSpan(i * Hidden, Hidden), features[i], activations, activations);
        }

        TensorPrimitives.Tanh(activations, activations);
        return TensorPrimitives.Dot(activations, OutputWeight) + OutputBias[0];
    }

    /// <summary>
    /// Adds the gradient of scale × (logit − label)² to <paramref name="gradients"/> (arrays shaped like
    /// <see cref="Parameters"/>) and returns (logit − label)².
    /// </summary>
    public float AccumulateGradient(ReadOnlySpan<float> features, float label, float scale, float[][] gradients, Span<float> activations, Span<float> delta)
    {
        var logit = Forward(features, activations);
        var error = logit - label;
        var outer = 2f * scale * error;

        // d/dw = outer × tanh, d/dc = outer, d/dz = outer × w × (1 − tanh²).
        TensorPrimitives.MultiplyAdd(activations, outer, gradients[2], gradients[2]);
        gradients[3][0] += outer;
        TensorPrimitives.Multiply(activations, activations, delta);
        TensorPrimitives.Subtract(1f, delta, delta);
        TensorPrimitives.Multiply(delta, OutputWeight, delta);
        TensorPrimitives.Multiply(delta, outer, delta);
        TensorPrimitives.Add(gradients[1], delta, gradients[1]);
        for (var i = 0; i < Hidden; i++)
        {
            var row = gradients[0].AsSpan(i * Hidden, Hidden);
            TensorPrimitives.MultiplyAdd(delta, features[i], row, row);
        }

        return error * error;
    }

    private static void Copy(IReadOnlyDictionary<string, float[]> weights, string name, float[] target)
    {
        if (!weights.TryGetValue(name, out var values) || values.Length != target.Length)
        {
            throw new InvalidDataException($"The base model's head tensor {name} is missing or does not have {target.Length} values.");
        }

        values.CopyTo(target, 0);
    }
}
