namespace Cappy.Scorer.Quantization;

/// <summary>Counts and skipped nodes of one <see cref="DynamicQuantizationRewriter"/> pass.</summary>
internal sealed record GraphRewriteResult(int QuantizedMatMulCount, int QuantizedGemmCount, IReadOnlyList<SkippedQuantizationNode> SkippedNodes);
