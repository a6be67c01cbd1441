using Cappy.Scorer.Synthetic;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cappy.Scorer.Tests.Quantization;

/// <summary>
/// A small ONNX model of dense layers with seeded random weights that covers each case of the quantizer: a weight
/// shared by two <c>MatMul</c>s, a <c>Gemm</c> with <c>transB</c>, alpha, beta and a bias, and a <c>Gemm</c> with
/// <c>transA</c>, which stays float32.
/// </summary>
internal static class DenseLayerModel
{
    public const int Batch = 3;
    public const int InputSize = 96;
    public const int HiddenSize = 64;
    public const int OutputSize = 80;

    public const string SharedWeight = "shared_weight";
    public const string TransposedWeight = "transposed_weight";
    public const string TransposedInputWeight = "transposed_input_weight";
    public const string GemmNode = "gemm_trans_b";
    public const string TransposedInputGemmNode = "gemm_trans_a";

    public const float Alpha = 0.5f;
    public const float Beta = 2f;

    /// <summary>
    /// Writes the model: <c>first = a × shared</c>, <c>second = c × shared</c>,
    /// <c>output = alpha × first × transposedᵀ + beta × bias</c> and <c>transposed_input_output = bᵀ × transposed_input</c>.
    /// </summary>
    public static void Write(string path)
    {
        var random = new Random(7);
        var graph = new GraphProto { Name = "dense_layers" };
        graph.Input.Add(OnnxGraphBuilder.TensorValue("a", DataType.Float, Batch, InputSize));
        graph.Input.Add(OnnxGraphBuilder.TensorValue("c", DataType.Float, Batch, InputSize));
        graph.Input.Add(OnnxGraphBuilder.TensorValue("b", DataType.Float, InputSize, Batch));
        graph.Output.Add(OnnxGraphBuilder.TensorValue("second", DataType.Float, Batch, HiddenSize));
        graph.Output.Add(OnnxGraphBuilder.TensorValue("output", DataType.Float, Batch, OutputSize));
        graph.Output.Add(OnnxGraphBuilder.TensorValue("transposed_input_output", DataType.Float, Batch, HiddenSize));

        graph.Initializer.Add(RandomTensor(random, SharedWeight, InputSize, HiddenSize));
        graph.Initializer.Add(RandomTensor(random, TransposedWeight, OutputSize, HiddenSize));
        graph.Initializer.Add(RandomTensor(random, TransposedInputWeight, InputSize, HiddenSize));
        graph.Initializer.Add(RandomTensor(random, "bias", OutputSize));

        graph.Node.Add(Node("MatMul", "matmul_first", ["a", SharedWeight], "first"));
        graph.Node.Add(Node("MatMul", "matmul_second", ["c", SharedWeight], "second"));
        graph.Node.Add(Node(
            "Gemm",
            GemmNode,
            ["first", TransposedWeight, "bias"],
            "output",
            OnnxGraphBuilder.FloatAttribute("alpha", Alpha),
            OnnxGraphBuilder.FloatAttribute("beta", Beta),
            OnnxGraphBuilder.IntAttribute("transB", 1)));
        graph.Node.Add(Node(
            "Gemm",
            TransposedInputGemmNode,
            ["b", TransposedInputWeight],
            "transposed_input_output",
            OnnxGraphBuilder.IntAttribute("transA", 1)));

        var model = new ModelProto { IrVersion = RobertaOnnxGenerator.IrVersion, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = RobertaOnnxGenerator.OpsetVersion });
        File.WriteAllBytes(path, model.ToByteArray());
    }

    /// <summary>Standard normal inputs for <c>a</c>, <c>c</c> and <c>b</c>, the same on every call.</summary>
    public static NamedOnnxValue[] Inputs()
    {
        var random = new Random(11);
        return
        [
            NamedOnnxValue.CreateFromTensor("a", new DenseTensor<float>(Normal(random, Batch * InputSize), [Batch, InputSize])),
            NamedOnnxValue.CreateFromTensor("c", new DenseTensor<float>(Normal(random, Batch * InputSize), [Batch, InputSize])),
            NamedOnnxValue.CreateFromTensor("b", new DenseTensor<float>(Normal(random, InputSize * Batch), [InputSize, Batch])),
        ];
    }

    /// <summary>Runs <paramref name="modelPath"/> on CPU and returns each output's values by name.</summary>
    public static Dictionary<string, float[]> Run(string modelPath)
    {
        using var session = new InferenceSession(modelPath);
        using var results = session.Run(Inputs());
        return results.ToDictionary(result => result.Name, result => result.AsTensor<float>().ToArray());
    }

    private static NodeProto Node(string opType, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    // Weights with the standard deviation of 1/sqrt(fan-in) keep every layer's outputs near unit scale.
    private static TensorProto RandomTensor(Random random, string name, params long[] dims)
    {
        var count = (int)dims.Aggregate(1L, (product, dim) => product * dim);
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(Normal(random, count).Select(value => value / MathF.Sqrt(InputSize)));
        return tensor;
    }

    private static float[] Normal(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            values[i] = (float)(radius * Math.Cos(2.0 * Math.PI * random.NextDouble()));
        }

        return values;
    }
}
