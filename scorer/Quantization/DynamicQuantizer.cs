using Cappy.Scorer.Models;

namespace Cappy.Scorer.Quantization;

/// <summary>
/// Converts a float32 ONNX model into one with int8 weights and activations quantized at run time, the equivalent
/// of ONNX Runtime's Python <c>quantize_dynamic</c> for <c>MatMul</c> and <c>Gemm</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each <c>MatMul</c> whose second input is a 2-D float32 initializer of at least
/// <see cref="DynamicQuantizationOptions.MinimumWeightElements"/> elements, and each <c>Gemm</c> with such a B and
/// no <c>transA</c>, becomes <c>DynamicQuantizeLinear(A)</c> → <c>MatMulInteger(A_q, W_q, A_zero_point, W_zero_point)</c>
/// → <c>Cast(float)</c> → <c>Mul(A_scale × W_scale)</c>. All other nodes, the embedding <c>Gather</c>s among them, stay
/// as they are.
/// </para>
/// <para>
/// Weights are symmetric int8 with zero point 0 and, by default, one scale per output column. The zero point stays a
/// scalar, so <c>MatMulInteger</c> gets an ordinary per-tensor zero point, and the per-column scales enter only
/// through the float32 <c>Mul</c> after it. Activations are uint8 with a zero point computed per call (u8s8).
/// ONNX Runtime 1.32's CPU provider runs the pattern at every optimization level and, from the extended level on,
/// fuses it into its <c>com.microsoft</c> <c>DynamicQuantizeMatMul</c> and <c>MatMulIntegerToFloat</c> kernels,
/// so the file keeps to standard ONNX operators instead of naming those kernels itself.
/// </para>
/// <para>
/// NOTE: On x64 CPUs without VNNI (SSE4.1, AVX2, AVX-512 before VNNI), ONNX Runtime's u8s8 kernels can overflow
/// intermediate 16-bit sums when weights fall outside [-64, 63] (ONNX Runtime commit 040c2f45, "x86/64 U8S8 Gemm
/// Precision Fix"). These weights use [-127, 127], and their accuracy was measured only on an AVX-512 VNNI CPU, so on
/// other CPUs compare the quantized model's scores with float32 before using it.
/// </para>
/// </remarks>
public static class DynamicQuantizer
{
    /// <summary>
    /// Reads the model at <paramref name="inputModelPath"/>, quantizes it and writes the result to
    /// <paramref name="outputModelPath"/>, replacing any file there. A model with nothing to quantize is written
    /// unchanged, and the report then lists why each node was skipped.
    /// </summary>
    /// <param name="inputModelPath">A float32 ONNX model stored as one file under 2 GiB.</param>
    /// <param name="outputModelPath">Where to write the quantized model; its directory must exist.</param>
    /// <param name="options">Quantization settings; null uses the defaults of <see cref="DynamicQuantizationOptions"/>.</param>
    /// <returns>Counts of quantized nodes, the nodes left in float32 with their reasons, and both file sizes.</returns>
    /// <exception cref="ScorerModelException">
    /// The input file is missing, not an ONNX model, stores tensors in external data files, or has a weight whose
    /// values do not match its dims. The exception's <see cref="ScorerModelException.FilePath"/> is the input path.
    /// </exception>
    /// <exception cref="IOException">The output file cannot be written.</exception>
    public static DynamicQuantizationReport QuantizeFile(
        string inputModelPath, string outputModelPath, DynamicQuantizationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputModelPath);
        ArgumentException.ThrowIfNullOrEmpty(outputModelPath);
        options ??= new DynamicQuantizationOptions();
        if (options.MinimumWeightElements < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MinimumWeightElements, "MinimumWeightElements must be 0 or more.");
        }

        if (options.ExcludedNodeNames is null)
        {
            throw new ArgumentException("ExcludedNodeNames must not be null; pass an empty set to exclude no node.", nameof(options));
        }

        var inputPath = Path.GetFullPath(inputModelPath);
        var outputPath = Path.GetFullPath(outputModelPath);
        var model = OnnxModelFile.Read(inputPath);

        GraphRewriteResult result;
        try
        {
            result = DynamicQuantizationRewriter.Rewrite(model, options);
        }
        catch (InvalidDataException exception)
        {
            throw new ScorerModelException($"ONNX model file '{inputPath}' is invalid: {exception.Message}", inputPath, exception);
        }

        var inputBytes = new FileInfo(inputPath).Length;
        OnnxModelFile.Write(model, outputPath);
        var outputBytes = new FileInfo(outputPath).Length;
        return new DynamicQuantizationReport(
            result.QuantizedMatMulCount, result.QuantizedGemmCount, result.SkippedNodes, inputBytes, outputBytes);
    }
}
