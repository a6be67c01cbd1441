using Cappy.Scorer.Quantization;
using Cappy.Scorer.Tests.Inference;
using Cappy.Scorer.Tests.Synthetic;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit;
using Xunit.Abstractions;

namespace Cappy.Scorer.Tests.Quantization;

/// <summary>Quantizes synthetic RoBERTa scorers and compares them with float32 in ONNX Runtime on the CPU.</summary>
public sealed class QuantizedRobertaTests(QuantizedRobertaFixture fixture, ITestOutputHelper output)
    : IClassFixture<QuantizedRobertaFixture>
{
    private const int MaxLength = 512;
    private const int InstructionCount = 40;

    // Each layer quantizes query, key, value, attention output, intermediate and output dense; the classifier adds
    // its dense layer. Attention's two activation products have no constant weight.
    private const int DenseWeightsPerLayer = 6;
    private const int ActivationProductsPerLayer = 2;

    [SkippableFact]
    public void Signature_SameAsFloat()
    {
        var model = fixture.SmallModel;
        using var floatSession = new InferenceSession(model.FloatPath);
        using var quantizedSession = new InferenceSession(model.QuantizedPath);

        Assert.Equal(Describe(floatSession.InputMetadata), Describe(quantizedSession.InputMetadata));
        Assert.Equal(Describe(floatSession.OutputMetadata), Describe(quantizedSession.OutputMetadata));
        Assert.Equal(["attention_mask", "input_ids"], quantizedSession.InputMetadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["logits"], quantizedSession.OutputMetadata.Keys);
    }

    [SkippableFact]
    public void Graph_ContainsIntegerOps()
    {
        var model = fixture.SmallModel;
        var layers = model.Config.Layers;
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model.QuantizedPath)).Graph;

        Assert.Equal((DenseWeightsPerLayer * layers) + 1, graph.Node.Count(node => node.OpType == "MatMulInteger"));
        Assert.Equal((ActivationProductsPerLayer * layers) + 1, graph.Node.Count(node => node.OpType == "MatMul"));

        // Query, key and value read one activation, so each layer quantizes 4 distinct activations; the classifier 1.
        Assert.Equal((4 * layers) + 1, graph.Node.Count(node => node.OpType == "DynamicQuantizeLinear"));
        Assert.All(
            graph.Node.Where(node => node.OpType == "MatMulInteger"),
            node => Assert.Equal((int)TensorProto.Types.DataType.Int8, graph.Initializer.Single(tensor => tensor.Name == node.Input[1]).DataType));
    }

    [SkippableFact]
    public void Graph_EmbeddingsStayFloat()
    {
        var model = fixture.SmallModel;
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model.QuantizedPath)).Graph;
        var initializers = graph.Initializer.ToDictionary(tensor => tensor.Name);

        var largeFloatWeights = graph.Initializer
            .Where(tensor => tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Dims.Count == 2)
            .Where(tensor => tensor.Dims[0] * tensor.Dims[1] >= DynamicQuantizationOptions.DefaultMinimumWeightElements)
            .Select(tensor => tensor.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["roberta.embeddings.position_embeddings.weight", "roberta.embeddings.word_embeddings.weight"], largeFloatWeights);
        Assert.Equal([50_265, model.Config.Hidden], initializers["roberta.embeddings.word_embeddings.weight"].Dims);
        Assert.Equal(3, graph.Node.Count(node => node.OpType == "Gather"));
    }

    [SkippableFact]
    public void Report_CountsMatchModel()
    {
        var model = fixture.SmallModel;
        var report = model.Report;

        Assert.Equal((DenseWeightsPerLayer * model.Config.Layers) + 1, report.QuantizedMatMulCount);
        Assert.Equal(0, report.QuantizedGemmCount);
        Assert.Equal(ActivationProductsPerLayer * model.Config.Layers, report.SkippedCountByReason[QuantizationSkipReason.WeightNotConstant]);
        Assert.Equal(1, report.SkippedCountByReason[QuantizationSkipReason.WeightBelowMinimumSize]);
        Assert.Equal((ActivationProductsPerLayer * model.Config.Layers) + 1, report.SkippedNodes.Count);
    }

    [SkippableFact]
    public void Report_FileSizesMatchFiles()
    {
        var model = fixture.SmallModel;
        long hidden = model.Config.Hidden;
        var quantizedElements = (model.Config.Layers * ((4 * hidden * hidden) + (2 * hidden * model.Config.Intermediate))) + (hidden * hidden);

        var saved = model.Report.InputFileBytes - model.Report.OutputFileBytes;

        Assert.Equal(new FileInfo(model.FloatPath).Length, model.Report.InputFileBytes);
        Assert.Equal(new FileInfo(model.QuantizedPath).Length, model.Report.OutputFileBytes);

        // Each quantized element shrinks from 4 bytes to 1; scales and the new nodes take back under 2% of that.
        output.WriteLine($"input {model.Report.InputFileBytes:N0} bytes, output {model.Report.OutputFileBytes:N0} bytes, saved {saved:N0} of at most {3 * quantizedElements:N0}");
        Assert.InRange(saved, (long)(0.98 * 3 * quantizedElements), 3 * quantizedElements);
    }

    [SkippableFact]
    public void Logits_SmallModel_CloseToFloat()
    {
        var comparison = Compare(fixture.SmallModel);

        // Measured with ONNX Runtime 1.32 on an AVX-512 VNNI CPU: max abs error 1.15e-3 on logits of about 0.043,
        // Spearman 0.79 over all rows and top-1 agreement 23/40. The synthetic model's logits span only 2.4e-3 over these
        // rows, so rank agreement is limited by the model, not by quantization. The bounds allow about twice the
        // measured error; a wrong scale or weight layout gives errors as large as the logits themselves.
        Assert.True(comparison.MaxAbsoluteError <= 2.5e-3, $"max abs error {comparison.MaxAbsoluteError:E3} exceeds 2.5e-3");
        Assert.True(comparison.Spearman >= 0.6, $"Spearman {comparison.Spearman:F3} over all rows is below 0.6");
        Assert.True(comparison.TopOneAgreement >= 15, $"top-1 agreement {comparison.TopOneAgreement}/{InstructionCount} is below 15");
    }

    [SkippableFact]
    public void Logits_TinyModelAllWeights_CloseToFloat()
    {
        var model = fixture.TinyModel;

        var comparison = Compare(model);

        // Measured as for the small model: max abs error 1.74e-4 on logits of about 5.2e-3. Rank agreement is not
        // checked, because the Tiny model's logits span only 1.3e-4 over these rows, less than the quantization error.
        Assert.Equal((DenseWeightsPerLayer * model.Config.Layers) + 2, model.Report.QuantizedMatMulCount);
        Assert.True(comparison.MaxAbsoluteError <= 3.5e-4, $"max abs error {comparison.MaxAbsoluteError:E3} exceeds 3.5e-4");
    }

    private static IEnumerable<(string Name, Type Type, string Dims)> Describe(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        metadata.OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => (entry.Key, entry.Value.ElementType, string.Join(",", entry.Value.SymbolicDimensions.Zip(entry.Value.Dimensions, (symbol, size) => symbol.Length > 0 ? symbol : size.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    private LogitComparison Compare(QuantizedRobertaModel model)
    {
        using var floatSession = new InferenceSession(model.FloatPath);
        using var quantizedSession = new InferenceSession(model.QuantizedPath);
        var floatLogits = new List<float>();
        var quantizedLogits = new List<float>();
        var topOneAgreement = 0;
        double maxAbsoluteError = 0;
        foreach (var (instruction, answers) in AlpacaTexts.Load(InstructionCount))
        {
            var rows = answers
                .Select(answer => model.Encoder.EncodePair(instruction, answer, MaxLength).InputIds.Select(id => (long)id).ToArray())
                .ToArray();
            var expected = TinyRobertaModelFixture.RunLogits(floatSession, rows);
            var actual = TinyRobertaModelFixture.RunLogits(quantizedSession, rows);

            maxAbsoluteError = Math.Max(maxAbsoluteError, expected.Zip(actual, (x, y) => Math.Abs(x - y)).Max());
            topOneAgreement += Array.IndexOf(expected, expected.Max()) == Array.IndexOf(actual, actual.Max()) ? 1 : 0;
            floatLogits.AddRange(expected);
            quantizedLogits.AddRange(actual);
        }

        var comparison = new LogitComparison(maxAbsoluteError, RankCorrelation.Spearman(floatLogits, quantizedLogits), topOneAgreement);
        output.WriteLine(
            $"{floatLogits.Count} rows: float32 logits {floatLogits.Min():E3} to {floatLogits.Max():E3}, max abs error {comparison.MaxAbsoluteError:E3}, " +
            $"Spearman {comparison.Spearman:F4}, top-1 agreement {comparison.TopOneAgreement}/{InstructionCount}");
        return comparison;
    }
}
