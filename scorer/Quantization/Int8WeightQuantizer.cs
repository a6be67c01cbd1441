using System.Runtime.InteropServices;
using Onnx;

namespace Cappy.Scorer.Quantization;

/// <summary>
/// Symmetric int8 quantization of a float32 weight matrix: <c>q = round(w / scale)</c> clamped to [-127, 127] with
/// zero point 0, where <c>scale = max|w| / 127</c> over one output column (per channel) or the whole matrix.
/// </summary>
/// <remarks>
/// -128 is left unused so that the range is symmetric and <c>-q</c> never overflows. A column of zeros gets scale 1,
/// so that no scale is 0.
/// </remarks>
internal static class Int8WeightQuantizer
{
    private const float MaxQuantized = 127f;

    /// <summary>
    /// Reads the float32 values of <paramref name="tensor"/>, from <c>raw_data</c> (little-endian) or <c>float_data</c>.
    /// </summary>
    public static ReadOnlySpan<float> ReadFloats(TensorProto tensor)
    {
        if (!tensor.RawData.IsEmpty)
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("ONNX raw_data is little-endian; quantization runs only on little-endian machines.");
            }

            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span);
        }

        return tensor.FloatData.ToArray();
    }

    /// <summary>Returns whether every value is finite, so that a scale can be computed.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Quantizes the [<paramref name="rows"/>, <paramref name="columns"/>] matrix that <paramref name="values"/> stores
    /// row-major, or its transpose's storage when <paramref name="transposed"/> is set (then <paramref name="values"/>
    /// is [columns, rows] and the result is still [rows, columns]). Each scale is multiplied by
    /// <paramref name="multiplier"/>, which folds <c>Gemm</c>'s alpha into it.
    /// </summary>
    /// <returns>The int8 matrix [rows, columns] row-major and its scales: one per column, or one in all.</returns>
    public static (sbyte[] Quantized, float[] Scales) Quantize(
        ReadOnlySpan<float> values, int rows, int columns, bool transposed, bool perChannel, float multiplier)
    {
        var maxAbsolute = new float[perChannel ? columns : 1];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var channel = perChannel ? column : 0;
                var magnitude = Math.Abs(values[Index(row, column, rows, columns, transposed)]);
                maxAbsolute[channel] = Math.Max(maxAbsolute[channel], magnitude);
            }
        }

        var scales = new float[maxAbsolute.Length];
        for (var channel = 0; channel < scales.Length; channel++)
        {
            scales[channel] = maxAbsolute[channel] > 0f ? maxAbsolute[channel] / MaxQuantized : 1f;
        }

        var quantized = new sbyte[(long)rows * columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var scale = scales[perChannel ? column : 0];
                var value = values[Index(row, column, rows, columns, transposed)];
                var rounded = MathF.Round(value / scale, MidpointRounding.ToEven);
                quantized[((long)row * columns) + column] = (sbyte)Math.Clamp(rounded, -MaxQuantized, MaxQuantized);
            }
        }

        for (var channel = 0; channel < scales.Length; channel++)
        {
            scales[channel] *= multiplier;
        }

        return (quantized, scales);
    }

    private static int Index(int row, int column, int rows, int columns, bool transposed) =>
        transposed ? (column * rows) + row : (row * columns) + column;
}
