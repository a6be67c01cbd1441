using Cappy.Scorer.Quantization;
using Cappy.Scorer.Synthetic;
using Cappy.Scorer.Tokenization;

namespace Cappy.Scorer.Tests.Quantization;

/// <summary>A synthetic RoBERTa model file, its quantized copy, the quantizer's report and the model's tokenizer.</summary>
internal sealed record QuantizedRobertaModel(
    RobertaModelConfig Config,
    string FloatPath,
    string QuantizedPath,
    DynamicQuantizationReport Report,
    IPairEncoder Encoder);
