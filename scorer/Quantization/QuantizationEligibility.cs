using Onnx;

namespace Cappy.Scorer.Quantization;

/// <summary>
/// Decides whether a <c>MatMul</c> or <c>Gemm</c> node can be rewritten to the int8 pattern, and why not otherwise.
/// </summary>
internal sealed class QuantizationEligibility
{
    public const string MatMul = "MatMul";
    public const string Gemm = "Gemm";

    /// <summary>First version of the default ONNX opset with <c>DynamicQuantizeLinear</c>.</summary>
    private const long MinimumOpset = 11;

    private readonly DynamicQuantizationOptions _options;
    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _graphInputs;
    private readonly bool _opsetSupported;

    public QuantizationEligibility(ModelProto model, DynamicQuantizationOptions options)
    {
        _options = options;
        foreach (var tensor in model.Graph.Initializer)
        {
            _initializers.TryAdd(tensor.Name, tensor);
        }

        // From IR version 4 on, an initializer that is also a graph input is only a default the caller may replace.
        _graphInputs = new HashSet<string>(model.Graph.Input.Select(value => value.Name), StringComparer.Ordinal);
        var opset = model.OpsetImport
            .Where(import => import.Domain.Length == 0 || import.Domain == "ai.onnx")
            .Select(import => import.Version)
            .DefaultIfEmpty(0)
            .Max();
        _opsetSupported = opset >= MinimumOpset;
    }

    /// <summary>Returns whether <paramref name="node"/> is a standard-domain <c>MatMul</c> or <c>Gemm</c>.</summary>
    public static bool IsCandidate(NodeProto node) =>
        (node.Domain.Length == 0 || node.Domain == "ai.onnx") && (node.OpType == MatMul || node.OpType == Gemm);

    /// <summary>The node's name, or its first output's name for an unnamed node.</summary>
    public static string DisplayName(NodeProto node) => node.Name.Length > 0 ? node.Name : node.Output[0];

    /// <summary>
    /// Returns the float32 weight initializer of a candidate node that can be quantized, or null and the reason it cannot.
    /// </summary>
    public (TensorProto? Weight, QuantizationSkipReason Reason) Check(NodeProto node)
    {
        if (_options.ExcludedNodeNames.Contains(node.Name))
        {
            return (null, QuantizationSkipReason.ExcludedByOptions);
        }

        if (!_opsetSupported)
        {
            return (null, QuantizationSkipReason.OpsetBelow11);
        }

        if (node.Input.Count < 2 || !_initializers.TryGetValue(node.Input[1], out var weight) || _graphInputs.Contains(node.Input[1]))
        {
            return (null, QuantizationSkipReason.WeightNotConstant);
        }

        if (weight.DataType != (int)TensorProto.Types.DataType.Float)
        {
            return (null, QuantizationSkipReason.WeightNotFloat);
        }

        if (weight.Dims.Count != 2)
        {
            return (null, QuantizationSkipReason.WeightNotTwoDimensional);
        }

        if (node.OpType == Gemm && IntAttribute(node, "transA", 0) != 0)
        {
            return (null, QuantizationSkipReason.TransposedInput);
        }

        if (weight.Dims[0] * weight.Dims[1] < _options.MinimumWeightElements)
        {
            return (null, QuantizationSkipReason.WeightBelowMinimumSize);
        }

        if (!Int8WeightQuantizer.AllFinite(Int8WeightQuantizer.ReadFloats(weight)))
        {
            return (null, QuantizationSkipReason.WeightNotFinite);
        }

        return (weight, default);
    }

    /// <summary>Returns the node's int attribute <paramref name="name"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public static long IntAttribute(NodeProto node, string name, long defaultValue) =>
        node.Attribute.FirstOrDefault(attribute => attribute.Name == name)?.I ?? defaultValue;

    /// <summary>Returns the node's float attribute <paramref name="name"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public static float FloatAttribute(NodeProto node, string name, float defaultValue) =>
        node.Attribute.FirstOrDefault(attribute => attribute.Name == name)?.F ?? defaultValue;
}
