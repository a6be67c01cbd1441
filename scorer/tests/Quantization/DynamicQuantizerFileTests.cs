using Cappy.Scorer.Models;
using Cappy.Scorer.Quantization;
using Cappy.Scorer.Tests.Synthetic;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit;

namespace Cappy.Scorer.Tests.Quantization;

/// <summary>Files with nothing to quantize, and input files that are missing or not ONNX models.</summary>
public sealed class DynamicQuantizerFileTests(QuantizedRobertaFixture fixture) : IClassFixture<QuantizedRobertaFixture>
{
    [SkippableFact]
    public void NoEligibleMatMul_CopiesModel()
    {
        var inputPath = fixture.WriteTinyModel("no-eligible");
        var outputPath = Path.ChangeExtension(inputPath, ".int8.onnx");

        var report = DynamicQuantizer.QuantizeFile(inputPath, outputPath);

        var expected = ModelProto.Parser.ParseFrom(File.ReadAllBytes(inputPath));
        var actual = ModelProto.Parser.ParseFrom(File.ReadAllBytes(outputPath));
        Assert.Equal(expected, actual);
        Assert.Equal(0, report.QuantizedCount);
    }

    [SkippableFact]
    public void NoEligibleMatMul_ReportListsReasons()
    {
        var inputPath = fixture.WriteTinyModel("no-eligible-report");
        var outputPath = Path.ChangeExtension(inputPath, ".int8.onnx");

        var report = DynamicQuantizer.QuantizeFile(inputPath, outputPath);

        // Tiny: 2 layers of hidden 32 and intermediate 64, so the largest weight has 2,048 elements.
        Assert.Equal(0, report.QuantizedMatMulCount);
        Assert.Equal(0, report.QuantizedGemmCount);
        Assert.Equal(14, report.SkippedCountByReason[QuantizationSkipReason.WeightBelowMinimumSize]);
        Assert.Equal(4, report.SkippedCountByReason[QuantizationSkipReason.WeightNotConstant]);
        Assert.Equal(18, report.SkippedNodes.Count);
        Assert.Contains(report.SkippedNodes, node => node.NodeName.Length > 0 && node.OpType == "MatMul");
    }

    [SkippableFact]
    public void NoEligibleMatMul_OutputRunsLikeInput()
    {
        var inputPath = fixture.WriteTinyModel("no-eligible-run");
        var outputPath = Path.ChangeExtension(inputPath, ".int8.onnx");
        long[][] rows = [[0, 713, 16, 10, 1296, 2], [0, 31414, 2]];

        DynamicQuantizer.QuantizeFile(inputPath, outputPath);

        using var floatSession = new InferenceSession(inputPath);
        using var copySession = new InferenceSession(outputPath);
        Assert.Equal(TinyRobertaModelFixture.RunLogits(floatSession, rows), TinyRobertaModelFixture.RunLogits(copySession, rows));
    }

    [Fact]
    public void MissingInput_RaisesNamingFile()
    {
        using var directory = new Cappy.Testing.TemporaryDirectory("cappy-quantization-missing-");
        var inputPath = directory.File("absent.onnx");

        var exception = Assert.Throws<ScorerModelException>(() => DynamicQuantizer.QuantizeFile(inputPath, directory.File("out.onnx")));

        Assert.Equal(inputPath, exception.FilePath);
        Assert.Contains(inputPath, exception.Message, StringComparison.Ordinal);
        Assert.Contains("not found", exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("out.onnx")));
    }

    [Fact]
    public void TruncatedInput_RaisesNamingFile()
    {
        using var directory = new Cappy.Testing.TemporaryDirectory("cappy-quantization-truncated-");
        var modelPath = directory.File("dense.onnx");
        DenseLayerModel.Write(modelPath);
        var bytes = File.ReadAllBytes(modelPath);
        var inputPath = directory.File("truncated.onnx");
        File.WriteAllBytes(inputPath, bytes[..(bytes.Length / 2)]);

        var exception = Assert.Throws<ScorerModelException>(() => DynamicQuantizer.QuantizeFile(inputPath, directory.File("out.onnx")));

        Assert.Equal(inputPath, exception.FilePath);
        Assert.Contains(inputPath, exception.Message, StringComparison.Ordinal);
        Assert.Contains("invalid", exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("out.onnx")));
    }

    [Fact]
    public void TextInput_RaisesNamingFile()
    {
        using var directory = new Cappy.Testing.TemporaryDirectory("cappy-quantization-text-");
        var inputPath = directory.File("model.onnx");
        File.WriteAllText(inputPath, "This is a README, not an ONNX model.\n");

        var exception = Assert.Throws<ScorerModelException>(() => DynamicQuantizer.QuantizeFile(inputPath, directory.File("out.onnx")));

        Assert.Equal(inputPath, exception.FilePath);
        Assert.Contains(inputPath, exception.Message, StringComparison.Ordinal);
        Assert.Contains("invalid", exception.Message, StringComparison.Ordinal);
    }
}
