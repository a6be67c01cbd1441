namespace Cappy.Scorer.Quantization;

/// <summary>Why <see cref="DynamicQuantizer"/> left a <c>MatMul</c> or <c>Gemm</c> node in float32.</summary>
public enum QuantizationSkipReason
{
    /// <summary>
    /// The weight (second input) is computed in the graph or can be overridden by a graph input, as in attention's
    /// query × key product.
    /// </summary>
    WeightNotConstant,

    /// <summary>The weight initializer is not float32.</summary>
    WeightNotFloat,

    /// <summary>The weight initializer is not a 2-D matrix.</summary>
    WeightNotTwoDimensional,

    /// <summary>The weight has fewer elements than <see cref="DynamicQuantizationOptions.MinimumWeightElements"/>.</summary>
    WeightBelowMinimumSize,

    /// <summary>The weight contains NaN or infinity, which has no int8 scale.</summary>
    WeightNotFinite,

    /// <summary>The node is listed in <see cref="DynamicQuantizationOptions.ExcludedNodeNames"/>.</summary>
    ExcludedByOptions,

    /// <summary>The <c>Gemm</c> node sets <c>transA</c>, which the rewritten <c>MatMulInteger</c> cannot express.</summary>
    TransposedInput,

    /// <summary>
    /// The model imports an ONNX opset below 11, which lacks <c>DynamicQuantizeLinear</c>.
    /// </summary>
    OpsetBelow11,
}
