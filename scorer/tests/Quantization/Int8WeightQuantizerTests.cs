using Cappy.Scorer.Quantization;
using Xunit;

namespace Cappy.Scorer.Tests.Quantization;

public sealed class Int8WeightQuantizerTests
{
    // [2, 3] row-major; column maxima |.| are 2.54, 0.127 and 0 (an all-zero column).
    private static readonly float[] Matrix = [2.54f, -0.127f, 0f, -1.3f, 0.064f, 0f];

    [Fact]
    public void Quantize_PerChannel_ScalesAreColumnMaxOver127()
    {
        var (_, scales) = Int8WeightQuantizer.Quantize(Matrix, rows: 2, columns: 3, transposed: false, perChannel: true, multiplier: 1f);

        Assert.Equal(3, scales.Length);
        Assert.Equal(0.02f, scales[0], 6);
        Assert.Equal(0.001f, scales[1], 6);
        Assert.Equal(1f, scales[2]);
    }

    [Fact]
    public void Quantize_PerChannel_ValuesRoundToNearestStep()
    {
        var (quantized, _) = Int8WeightQuantizer.Quantize(Matrix, rows: 2, columns: 3, transposed: false, perChannel: true, multiplier: 1f);

        // 2.54 / 0.02 = 127, -0.127 / 0.001 = -127, -1.3 / 0.02 = -65, 0.064 / 0.001 = 64.
        Assert.Equal(new sbyte[] { 127, -127, 0, -65, 64, 0 }, quantized);
    }

    [Fact]
    public void Quantize_PerTensor_OneScaleForAll()
    {
        var (quantized, scales) = Int8WeightQuantizer.Quantize(Matrix, rows: 2, columns: 3, transposed: false, perChannel: false, multiplier: 1f);

        var scale = Assert.Single(scales);
        Assert.Equal(0.02f, scale, 6);
        // -0.127 / 0.02 = -6.35 and 0.064 / 0.02 = 3.2 round to the nearest step.
        Assert.Equal(new sbyte[] { 127, -6, 0, -65, 3, 0 }, quantized);
    }

    [Fact]
    public void Quantize_Transposed_EqualsTransposeOfStorage()
    {
        // The same matrix stored as its [3, 2] transpose.
        float[] transposedStorage = [2.54f, -1.3f, -0.127f, 0.064f, 0f, 0f];

        var direct = Int8WeightQuantizer.Quantize(Matrix, rows: 2, columns: 3, transposed: false, perChannel: true, multiplier: 1f);
        var transposed = Int8WeightQuantizer.Quantize(transposedStorage, rows: 2, columns: 3, transposed: true, perChannel: true, multiplier: 1f);

        Assert.Equal(direct.Quantized, transposed.Quantized);
        Assert.Equal(direct.Scales, transposed.Scales);
    }

    [Fact]
    public void Quantize_Multiplier_ScalesOnly()
    {
        var plain = Int8WeightQuantizer.Quantize(Matrix, rows: 2, columns: 3, transposed: false, perChannel: true, multiplier: 1f);
        var scaled = Int8WeightQuantizer.Quantize(Matrix, rows: 2, columns: 3, transposed: false, perChannel: true, multiplier: -0.5f);

        Assert.Equal(plain.Quantized, scaled.Quantized);
        Assert.Equal(-0.01f, scaled.Scales[0], 6);
        Assert.Equal(-0.0005f, scaled.Scales[1], 6);
        Assert.Equal(-0.5f, scaled.Scales[2]);
    }

    [Fact]
    public void AllFinite_NaNOrInfinity_False()
    {
        Assert.True(Int8WeightQuantizer.AllFinite(Matrix));
        Assert.False(Int8WeightQuantizer.AllFinite([1f, float.NaN]));
        Assert.False(Int8WeightQuantizer.AllFinite([float.NegativeInfinity, 1f]));
    }
}
