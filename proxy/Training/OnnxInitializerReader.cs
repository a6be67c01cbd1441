using System.Runtime.InteropServices;
using Cappy.Scorer.Synthetic;
using Google.Protobuf;
using Onnx;

namespace Cappy.Proxy.Training;

/// <summary>
/// Reads the float32 weights of a BERT or RoBERTa ONNX export by the tensor names of <see cref="RobertaTensorLayout"/>,
/// dense weights as [in, out].
/// </summary>
/// <remarks>
/// Exporters name most initializers after the PyTorch parameter, but the weight of a <c>MatMul</c> often gets a bare
/// number (<c>927</c>). Such a weight takes its name from the bias that an <c>Add</c> node adds to the product
/// (<c>...query.bias</c> gives <c>...query.weight</c>). A <c>Gemm</c> weight with <c>transB = 1</c> is stored as
/// [out, in] and is transposed. <see cref="TensorNames.Canonical"/> then maps the name to the generator's.
/// </remarks>
internal static class OnnxInitializerReader
{
    /// <summary>Reads the weights of the serialized ONNX model <paramref name="modelBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model.</exception>
    public static Dictionary<string, float[]> Read(byte[] modelBytes, EncoderFamily family, string source)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(modelBytes);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new InvalidDataException($"{source} is not a valid ONNX model: {exception.Message}", exception);
        }

        var graph = model.Graph ?? throw new InvalidDataException($"{source} has no graph.");
        var initializers = graph.Initializer
            .Where(tensor => tensor.DataType == (int)TensorProto.Types.DataType.Float)
            .ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        var consumers = graph.Node
            .SelectMany(node => node.Input.Select(input => (Input: input, Node: node)))
            .ToLookup(entry => entry.Input, entry => entry.Node, StringComparer.Ordinal);

        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, tensor) in initializers)
        {
            var (parameterName, transpose) = ResolveName(name, initializers, consumers);
            if (parameterName is null)
            {
                continue;
            }

            var values = ReadValues(tensor, source);
            if (transpose)
            {
                values = Transpose(values, (int)tensor.Dims[0], (int)tensor.Dims[1]);
            }

            weights[TensorNames.Canonical(parameterName, family)] = values;
        }

        return weights;
    }

    // Returns the parameter name of an initializer and whether its values are [out, in], or null for a tensor that
    // is not a parameter (such as a constant of the graph).
    private static (string? Name, bool Transpose) ResolveName(
        string name, Dictionary<string, TensorProto> initializers, ILookup<string, NodeProto> consumers)
    {
        var users = consumers[name].ToList();
        var gemm = users.FirstOrDefault(node => node.OpType == "Gemm" && node.Input.Count > 1 && node.Input[1] == name);
        var transposed = gemm is not null && gemm.Attribute.Any(attribute => attribute.Name == "transB" && attribute.I == 1);
        if (name.EndsWith(".weight", StringComparison.Ordinal) || name.EndsWith(".bias", StringComparison.Ordinal))
        {
            return (name, transposed);
        }

        var matMul = users.FirstOrDefault(node => node.OpType == "MatMul" && node.Input.Count == 2 && node.Input[1] == name);
        if (matMul is null)
        {
            return (null, false);
        }

        foreach (var add in consumers[matMul.Output[0]].Where(node => node.OpType == "Add"))
        {
            var bias = add.Input.FirstOrDefault(input =>
                initializers.ContainsKey(input) && input.EndsWith(".bias", StringComparison.Ordinal));
            if (bias is not null)
            {
                return (string.Concat(bias.AsSpan(0, bias.Length - ".bias".Length), ".weight"), false);
            }
        }

        return (null, false);
    }

    private static float[] ReadValues(TensorProto tensor, string source)
    {
        if (tensor.FloatData.Count > 0)
        {
            return [.. tensor.FloatData];
        }

        if (tensor.RawData.Length % sizeof(float) != 0 || !BitConverter.IsLittleEndian)
        {
            throw new InvalidDataException($"Initializer {tensor.Name} of {source} has raw data that is not little-endian float32.");
        }

        return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                result[(column * rows) + row] = values[(row * columns) + column];
            }
        }

        return result;
    }
}
