namespace Cappy.Scorer.Quantization;

/// <summary>The three outputs of the <c>DynamicQuantizeLinear</c> node that quantizes one float32 activation.</summary>
internal sealed record QuantizedActivation(string Quantized, string Scale, string ZeroPoint);
