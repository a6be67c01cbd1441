using Cappy.Scorer.Quantization;
using Cappy.Scorer.Synthetic;
using Cappy.Scorer.Tokenization;
using Cappy.Testing;

namespace Cappy.Scorer.Tests.Quantization;

/// <summary>
/// Two synthetic RoBERTa model directories with the real roberta-base tokenizer files, each quantized once: the
/// Tiny model with every MatMul quantized (its weights are all below the default size threshold), and a
/// <see cref="Small"/> model that the default options quantize. Built on first use, so that a test skips when the
/// tokenizer files are absent.
/// </summary>
public sealed class QuantizedRobertaFixture : IDisposable
{
    /// <summary>Four layers of hidden size 128: every dense weight but the 128 × 1 output projection has ≥ 4,096 elements.</summary>
    public static readonly RobertaModelConfig Small = new(
        Layers: 4, Hidden: 128, Heads: 4, Intermediate: 512, VocabularySize: 50_265, MaxPositions: 514, Seed: 1234);

    /// <summary>Quantizes every MatMul with a constant weight, however small.</summary>
    public static readonly DynamicQuantizationOptions AllWeights = new() { MinimumWeightElements = 0 };

    private readonly TemporaryDirectory _directory = new("cappy-quantization-roberta-");
    private readonly Lazy<QuantizedRobertaModel> _small;
    private readonly Lazy<QuantizedRobertaModel> _tiny;

    public QuantizedRobertaFixture()
    {
        _small = new Lazy<QuantizedRobertaModel>(() => Create("small", Small, new DynamicQuantizationOptions()));
        _tiny = new Lazy<QuantizedRobertaModel>(() => Create("tiny", RobertaModelConfig.Tiny, AllWeights));
    }

    internal QuantizedRobertaModel SmallModel => _small.Value;

    internal QuantizedRobertaModel TinyModel => _tiny.Value;

    /// <summary>Writes a Tiny model directory under the fixture's directory and returns its <c>model.onnx</c> path.</summary>
    internal string WriteTinyModel(string name)
    {
        var directory = Path.Combine(_directory.Path, name);
        RobertaOnnxGenerator.WriteModelDirectory(
            RobertaModelConfig.Tiny,
            directory,
            SharedData.RequireFile("tokenizers/roberta-base/vocab.json"),
            SharedData.RequireFile("tokenizers/roberta-base/merges.txt"));
        return Path.Combine(directory, "model.onnx");
    }

    public void Dispose()
    {
        _directory.Dispose();
    }

    private QuantizedRobertaModel Create(string name, RobertaModelConfig config, DynamicQuantizationOptions options)
    {
        var directory = Path.Combine(_directory.Path, name);
        RobertaOnnxGenerator.WriteModelDirectory(
            config,
            directory,
            SharedData.RequireFile("tokenizers/roberta-base/vocab.json"),
            SharedData.RequireFile("tokenizers/roberta-base/merges.txt"));
        var floatPath = Path.Combine(directory, "model.onnx");
        var quantizedPath = Path.Combine(directory, "model.int8.onnx");
        var report = DynamicQuantizer.QuantizeFile(floatPath, quantizedPath, options);
        return new QuantizedRobertaModel(config, floatPath, quantizedPath, report, PairEncoders.FromDirectory(directory));
    }
}
