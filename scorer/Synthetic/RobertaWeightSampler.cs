namespace Cappy.Scorer.Synthetic;

/// <summary>
/// Draws weight values from one seeded <see cref="Random"/>, so the same seed and the same tensor order give the same
/// values on every run.
/// </summary>
internal sealed class RobertaWeightSampler
{
    /// <summary>Standard deviation of every drawn value, HuggingFace's default <c>initializer_range</c>.</summary>
    public const double StandardDeviation = 0.02;

    private readonly Random random;
    private double? spareNormal;

    public RobertaWeightSampler(int seed)
    {
        // NOTE: .NET keeps the legacy sequence of Random(int) for compatibility but does not promise it across major
        // versions, and Math.Log may round differently on other CPUs, so files from other runtimes could differ.
        random = new Random(seed);
    }

    /// <summary>Fills <paramref name="values"/> with the next draws for a tensor of the given role.</summary>
    public void Fill(RobertaTensorRole role, Span<float> values)
    {
        var mean = role == RobertaTensorRole.LayerNormScale ? 1.0 : 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(mean + (StandardDeviation * NextStandardNormal()));
        }
    }

    // Box-Muller transform: each pair of uniform draws yields two normal values.
    private double NextStandardNormal()
    {
        if (spareNormal is { } spare)
        {
            spareNormal = null;
            return spare;
        }

        var uniform1 = 1.0 - random.NextDouble();
        var uniform2 = random.NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(uniform1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * uniform2);
        spareNormal = radius * sin;
        return radius * cos;
    }
}
