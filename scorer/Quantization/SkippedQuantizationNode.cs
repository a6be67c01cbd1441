namespace Cappy.Scorer.Quantization;

/// <summary>A <c>MatMul</c> or <c>Gemm</c> node that <see cref="DynamicQuantizer"/> left in float32.</summary>
/// <param name="NodeName">The node's name, or its first output's name when the node has none.</param>
/// <param name="OpType"><c>MatMul</c> or <c>Gemm</c>.</param>
/// <param name="Reason">Why the node was not quantized.</param>
public sealed record SkippedQuantizationNode(string NodeName, string OpType, QuantizationSkipReason Reason);
