using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Cappy.Scorer.Quantization;

/// <summary>
/// Rewrites the eligible <c>MatMul</c> and <c>Gemm</c> nodes of a model's main graph, in place, to
/// <c>DynamicQuantizeLinear(A)</c> → <c>MatMulInteger(A_q, W_q, A_zero_point, W_zero_point)</c> → <c>Cast(float)</c>
/// → <c>Mul(A_scale × W_scale)</c>, the pattern of ONNX Runtime's Python <c>quantize_dynamic</c>.
/// </summary>
/// <remarks>
/// Activations become uint8 with a zero point chosen per call, weights int8 with zero point 0 (u8s8, the
/// combination ONNX Runtime's CPU kernels favour on x64). Only standard ONNX operators of opset 11 are used, so the
/// file runs at any graph optimization level, and ONNX Runtime 1.32 fuses the pattern at the extended level and above.
/// One <c>DynamicQuantizeLinear</c> serves every rewritten node that reads the same activation, and one int8
/// weight serves every node that reads the same float32 weight the same way. Nodes inside subgraphs are not rewritten.
/// </remarks>
internal sealed class DynamicQuantizationRewriter
{
    private readonly GraphProto _graph;
    private readonly DynamicQuantizationOptions _options;
    private readonly GraphNameAllocator _names;
    private readonly QuantizationEligibility _eligibility;
    private readonly Dictionary<string, QuantizedActivation> _activations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, bool Transposed, float Multiplier), QuantizedWeight> _weights = [];
    private readonly List<NodeProto> _nodes = [];
    private readonly List<TensorProto> _newInitializers = [];
    private readonly HashSet<string> _replacedWeights = new(StringComparer.Ordinal);
    private readonly List<SkippedQuantizationNode> _skipped = [];
    private string? _weightZeroPoint;
    private int _matMulCount;
    private int _gemmCount;

    private DynamicQuantizationRewriter(ModelProto model, DynamicQuantizationOptions options)
    {
        _graph = model.Graph;
        _options = options;
        _names = new GraphNameAllocator(_graph);
        _eligibility = new QuantizationEligibility(model, options);
    }

    /// <summary>Rewrites <paramref name="model"/>'s graph and returns what was quantized and what was left in float32.</summary>
    /// <exception cref="InvalidDataException">A weight's stored values do not match its dims.</exception>
    public static GraphRewriteResult Rewrite(ModelProto model, DynamicQuantizationOptions options)
    {
        var rewriter = new DynamicQuantizationRewriter(model, options);
        rewriter.RewriteNodes();
        return new GraphRewriteResult(rewriter._matMulCount, rewriter._gemmCount, rewriter._skipped);
    }

    private void RewriteNodes()
    {
        foreach (var node in _graph.Node)
        {
            if (!QuantizationEligibility.IsCandidate(node))
            {
                _nodes.Add(node);
                continue;
            }

            var (weight, reason) = _eligibility.Check(node);
            if (weight is null)
            {
                _skipped.Add(new SkippedQuantizationNode(QuantizationEligibility.DisplayName(node), node.OpType, reason));
                _nodes.Add(node);
                continue;
            }

            if (node.OpType == QuantizationEligibility.MatMul)
            {
                EmitMatMul(node, weight);
                _matMulCount++;
            }
            else
            {
                EmitGemm(node, weight);
                _gemmCount++;
            }
        }

        _graph.Node.Clear();
        _graph.Node.AddRange(_nodes);
        RemoveUnusedWeights();
        _graph.Initializer.AddRange(_newInitializers);
    }

    private void EmitMatMul(NodeProto node, TensorProto weight)
    {
        var baseName = QuantizationEligibility.DisplayName(node);
        var quantizedWeight = QuantizeWeight(weight, transposed: false, multiplier: 1f);
        EmitIntegerProduct(baseName, node.Input[0], quantizedWeight, node.Output[0]);
    }

    // Gemm: Y = alpha × A × op(B) + beta × C. Alpha is folded into the weight scales and op(B) into the int8
    // layout, so only the bias term needs nodes of its own.
    private void EmitGemm(NodeProto node, TensorProto weight)
    {
        var baseName = QuantizationEligibility.DisplayName(node);
        var alpha = QuantizationEligibility.FloatAttribute(node, "alpha", 1f);
        var beta = QuantizationEligibility.FloatAttribute(node, "beta", 1f);
        var transposed = QuantizationEligibility.IntAttribute(node, "transB", 0) != 0;
        var quantizedWeight = QuantizeWeight(weight, transposed, alpha);

        var bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? node.Input[2] : null;
        if (bias is null)
        {
            EmitIntegerProduct(baseName, node.Input[0], quantizedWeight, node.Output[0]);
            return;
        }

        var product = EmitIntegerProduct(baseName, node.Input[0], quantizedWeight, _names.Allocate($"{baseName}_product"));
        if (beta != 1f)
        {
            var betaName = AddInitializer(FloatTensor(_names.Allocate($"{baseName}_beta"), [], [beta]));
            bias = AddNode("Mul", $"{baseName}_scale_bias", [bias, betaName], _names.Allocate($"{baseName}_scaled_bias"));
        }

        AddNode("Add", $"{baseName}_add_bias", [product, bias], node.Output[0]);
    }

    private string EmitIntegerProduct(string baseName, string input, QuantizedWeight weight, string output)
    {
        var activation = QuantizeActivation(input);
        var integerProduct = AddNode(
            "MatMulInteger",
            $"{baseName}_quant",
            [activation.Quantized, weight.Quantized, activation.ZeroPoint, weight.ZeroPoint],
            _names.Allocate($"{baseName}_output_quantized"));
        var floatProduct = AddNode(
            "Cast",
            $"{baseName}_output_cast",
            [integerProduct],
            _names.Allocate($"{baseName}_output_cast_output"),
            new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        var scale = AddNode("Mul", $"{baseName}_scales_mul", [activation.Scale, weight.Scale], _names.Allocate($"{baseName}_scales_mul_output"));
        return AddNode("Mul", $"{baseName}_output_scale_mul", [floatProduct, scale], output);
    }

    private QuantizedActivation QuantizeActivation(string input)
    {
        if (_activations.TryGetValue(input, out var existing))
        {
            return existing;
        }

        var node = new NodeProto { OpType = "DynamicQuantizeLinear", Name = _names.Allocate($"{input}_QuantizeLinear") };
        node.Input.Add(input);
        var activation = new QuantizedActivation(
            _names.Allocate($"{input}_quantized"),
            _names.Allocate($"{input}_scale"),
            _names.Allocate($"{input}_zero_point"));
        node.Output.AddRange([activation.Quantized, activation.Scale, activation.ZeroPoint]);
        _nodes.Add(node);
        _activations.Add(input, activation);
        return activation;
    }

    private QuantizedWeight QuantizeWeight(TensorProto weight, bool transposed, float multiplier)
    {
        var key = (weight.Name, transposed, multiplier);
        if (_weights.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var (rows, columns) = transposed ? ((int)weight.Dims[1], (int)weight.Dims[0]) : ((int)weight.Dims[0], (int)weight.Dims[1]);
        var values = Int8WeightQuantizer.ReadFloats(weight);
        if (values.Length != (long)rows * columns)
        {
            throw new InvalidDataException(
                $"Weight '{weight.Name}' has dims [{weight.Dims[0]}, {weight.Dims[1]}] but stores {values.Length} values.");
        }

        var (quantized, scales) = Int8WeightQuantizer.Quantize(values, rows, columns, transposed, _options.PerChannel, multiplier);

        var quantizedTensor = new TensorProto
        {
            Name = _names.Allocate($"{weight.Name}_quantized"),
            DataType = (int)TensorProto.Types.DataType.Int8,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(quantized.AsSpan())),
        };
        quantizedTensor.Dims.AddRange([rows, columns]);
        var scaleTensor = FloatTensor(_names.Allocate($"{weight.Name}_scale"), _options.PerChannel ? [columns] : [], scales);

        var result = new QuantizedWeight(AddInitializer(quantizedTensor), AddInitializer(scaleTensor), WeightZeroPoint());
        _weights.Add(key, result);
        _replacedWeights.Add(weight.Name);
        return result;
    }

    // Symmetric quantization puts every weight's zero point at 0, so one scalar serves all of them.
    private string WeightZeroPoint()
    {
        if (_weightZeroPoint is null)
        {
            var tensor = new TensorProto
            {
                Name = _names.Allocate("weight_zero_point_int8"),
                DataType = (int)TensorProto.Types.DataType.Int8,
                RawData = ByteString.CopyFrom(0),
            };
            _weightZeroPoint = AddInitializer(tensor);
        }

        return _weightZeroPoint;
    }

    private string AddNode(string opType, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = _names.Allocate(name) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _nodes.Add(node);
        return output;
    }

    private string AddInitializer(TensorProto tensor)
    {
        _newInitializers.Add(tensor);
        return tensor.Name;
    }

    private static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    // A float32 weight that some other node (a skipped MatMul, a Gather, a subgraph) or a graph output still reads stays.
    private void RemoveUnusedWeights()
    {
        var used = new HashSet<string>(_graph.Output.Select(value => value.Name), StringComparer.Ordinal);
        CollectInputs(_graph, used);
        var remaining = _graph.Initializer.Where(tensor => !_replacedWeights.Contains(tensor.Name) || used.Contains(tensor.Name)).ToList();
        _graph.Initializer.Clear();
        _graph.Initializer.AddRange(remaining);
    }

    private static void CollectInputs(GraphProto graph, HashSet<string> used)
    {
        foreach (var node in graph.Node)
        {
            used.UnionWith(node.Input);
            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    CollectInputs(attribute.G, used);
                }

                foreach (var subgraph in attribute.Graphs)
                {
                    CollectInputs(subgraph, used);
                }
            }
        }
    }
}
