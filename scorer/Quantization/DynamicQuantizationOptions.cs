namespace Cappy.Scorer.Quantization;

/// <summary>Settings of <see cref="DynamicQuantizer"/>. The defaults quantize every large dense weight per column.</summary>
public sealed class DynamicQuantizationOptions
{
    /// <summary>Default of <see cref="MinimumWeightElements"/>.</summary>
    public const long DefaultMinimumWeightElements = 4096;

    /// <summary>
    /// Smallest weight, in elements, that is quantized; smaller ones stay float32. Defaults to
    /// <see cref="DefaultMinimumWeightElements"/> (a 64 × 64 matrix), because quantizing small matrices saves little
    /// time or space and the per-call overhead of the integer path can outweigh the saving.
    /// </summary>
    public long MinimumWeightElements { get; init; } = DefaultMinimumWeightElements;

    /// <summary>
    /// Whether each output column of a weight gets its own scale (true, the default) or the whole weight shares one
    /// (false, like <c>per_channel=False</c> in ONNX Runtime's Python <c>quantize_dynamic</c>).
    /// </summary>
    public bool PerChannel { get; init; } = true;

    /// <summary>Names of <c>MatMul</c> or <c>Gemm</c> nodes to leave in float32, e.g. a classifier head.</summary>
    public IReadOnlySet<string> ExcludedNodeNames { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
