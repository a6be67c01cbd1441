namespace Cappy.Scorer.Quantization;

/// <summary>Outcome of <see cref="DynamicQuantizer.QuantizeFile"/>.</summary>
/// <param name="QuantizedMatMulCount"><c>MatMul</c> nodes rewritten to the int8 pattern.</param>
/// <param name="QuantizedGemmCount"><c>Gemm</c> nodes rewritten to the int8 pattern.</param>
/// <param name="SkippedNodes">Every <c>MatMul</c> and <c>Gemm</c> node left in float32, with its reason, in graph order.</param>
/// <param name="InputFileBytes">Size of the input model file in bytes.</param>
/// <param name="OutputFileBytes">Size of the written model file in bytes.</param>
public sealed record DynamicQuantizationReport(
    int QuantizedMatMulCount,
    int QuantizedGemmCount,
    IReadOnlyList<SkippedQuantizationNode> SkippedNodes,
    long InputFileBytes,
    long OutputFileBytes)
{
    /// <summary>Number of nodes rewritten: <see cref="QuantizedMatMulCount"/> plus <see cref="QuantizedGemmCount"/>.</summary>
    public int QuantizedCount => QuantizedMatMulCount + QuantizedGemmCount;

    /// <summary>Number of skipped nodes per reason; reasons with no node are absent.</summary>
    public IReadOnlyDictionary<QuantizationSkipReason, int> SkippedCountByReason =>
        SkippedNodes.GroupBy(node => node.Reason).ToDictionary(group => group.Key, group => group.Count());
}
