using Cappy.Scorer.Quantization;
using Cappy.Testing;
using Onnx;
using Xunit;
using Xunit.Abstractions;

namespace Cappy.Scorer.Tests.Quantization;

/// <summary>Quantizes <see cref="DenseLayerModel"/> and checks the rewritten graph and its outputs in ONNX Runtime.</summary>
public sealed class DenseLayerQuantizationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory _directory = new("cappy-quantization-dense-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Outputs_Quantized_CloseToFloat()
    {
        var (inputPath, outputPath, _) = Quantize(new DynamicQuantizationOptions());

        var expected = DenseLayerModel.Run(inputPath);
        var actual = DenseLayerModel.Run(outputPath);

        foreach (var name in new[] { "second", "output" })
        {
            var scale = expected[name].Max(Math.Abs);
            var error = expected[name].Zip(actual[name], (x, y) => Math.Abs(x - y)).Max();
            output.WriteLine($"{name}: max |float32| {scale:G4}, max abs error {error:E3}, relative {error / scale:P2}");
            Assert.True(error <= 0.01 * scale, $"{name}: max abs error {error:E3} exceeds 1% of the largest output {scale:G4}");
        }

        Assert.Equal(expected["transposed_input_output"], actual["transposed_input_output"]);
    }

    [Fact]
    public void Report_CountsEachCase()
    {
        var (_, _, report) = Quantize(new DynamicQuantizationOptions());

        Assert.Equal(2, report.QuantizedMatMulCount);
        Assert.Equal(1, report.QuantizedGemmCount);
        var skipped = Assert.Single(report.SkippedNodes);
        Assert.Equal(new SkippedQuantizationNode(DenseLayerModel.TransposedInputGemmNode, "Gemm", QuantizationSkipReason.TransposedInput), skipped);
    }

    [Fact]
    public void Graph_SharedWeightQuantizedOnce()
    {
        var (_, outputPath, _) = Quantize(new DynamicQuantizationOptions());
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(outputPath)).Graph;
        var initializers = graph.Initializer.ToDictionary(tensor => tensor.Name);

        var int8Weights = graph.Initializer
            .Where(tensor => tensor.DataType == (int)TensorProto.Types.DataType.Int8 && tensor.Dims.Count == 2)
            .Select(tensor => tensor.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal([$"{DenseLayerModel.SharedWeight}_quantized", $"{DenseLayerModel.TransposedWeight}_quantized"], int8Weights);
        Assert.DoesNotContain(DenseLayerModel.SharedWeight, initializers.Keys);
        Assert.DoesNotContain(DenseLayerModel.TransposedWeight, initializers.Keys);
        Assert.Contains(DenseLayerModel.TransposedInputWeight, initializers.Keys);
        // One each for the activations a, c and first.
        Assert.Equal(3, graph.Node.Count(node => node.OpType == "DynamicQuantizeLinear"));
        Assert.Equal(3, graph.Node.Count(node => node.OpType == "MatMulInteger"));
        Assert.Single(graph.Node, node => node.OpType == "Gemm");
    }

    [Fact]
    public void TransposedGemmWeight_StoredKByN()
    {
        var (_, outputPath, _) = Quantize(new DynamicQuantizationOptions());
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(outputPath)).Graph;

        var gemmInteger = graph.Node.Single(node => node.OpType == "MatMulInteger" && node.Name.StartsWith(DenseLayerModel.GemmNode, StringComparison.Ordinal));
        var weight = graph.Initializer.Single(tensor => tensor.Name == gemmInteger.Input[1]);

        Assert.Equal([DenseLayerModel.HiddenSize, DenseLayerModel.OutputSize], weight.Dims);
    }

    [Fact]
    public void PerTensor_OneScalePerWeight()
    {
        var (_, outputPath, _) = Quantize(new DynamicQuantizationOptions { PerChannel = false });
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(outputPath)).Graph;

        var scaleNames = graph.Node.Where(node => node.OpType == "MatMulInteger")
            .Select(node => graph.Node.Single(mul => mul.OpType == "Mul" && mul.Name == node.Name.Replace("_quant", "_scales_mul", StringComparison.Ordinal)).Input[1])
            .ToList();

        Assert.Equal(3, scaleNames.Count);
        Assert.All(scaleNames, name => Assert.Empty(graph.Initializer.Single(tensor => tensor.Name == name).Dims));
    }

    [Fact]
    public void ExcludedNode_StaysFloat()
    {
        var options = new DynamicQuantizationOptions { ExcludedNodeNames = new HashSet<string> { DenseLayerModel.GemmNode } };

        var (_, _, report) = Quantize(options);

        Assert.Equal(2, report.QuantizedMatMulCount);
        Assert.Equal(0, report.QuantizedGemmCount);
        Assert.Contains(new SkippedQuantizationNode(DenseLayerModel.GemmNode, "Gemm", QuantizationSkipReason.ExcludedByOptions), report.SkippedNodes);
    }

    [Fact]
    public void MinimumWeightElements_AboveAll_NothingQuantized()
    {
        var options = new DynamicQuantizationOptions { MinimumWeightElements = (DenseLayerModel.InputSize * DenseLayerModel.HiddenSize) + 1 };

        var (_, _, report) = Quantize(options);

        Assert.Equal(0, report.QuantizedCount);
        Assert.Equal(3, report.SkippedCountByReason[QuantizationSkipReason.WeightBelowMinimumSize]);
        Assert.Equal(1, report.SkippedCountByReason[QuantizationSkipReason.TransposedInput]);
    }

    private (string InputPath, string OutputPath, DynamicQuantizationReport Report) Quantize(DynamicQuantizationOptions options)
    {
        var inputPath = _directory.File("dense.onnx");
        var outputPath = _directory.File("dense.int8.onnx");
        DenseLayerModel.Write(inputPath);
        var report = DynamicQuantizer.QuantizeFile(inputPath, outputPath, options);
        return (inputPath, outputPath, report);
    }
}
