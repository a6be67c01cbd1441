namespace Cappy.Scorer.Quantization;

/// <summary>Initializer names of one int8 weight, its float32 scale (scalar or one per column) and its zero point.</summary>
internal sealed record QuantizedWeight(string Quantized, string Scale, string ZeroPoint);
