namespace Cappy.Scorer.Synthetic;

/// <summary>Name, shape and role of one float32 weight tensor of the synthetic model.</summary>
internal sealed record RobertaTensorSpec(string Name, long[] Dims, RobertaTensorRole Role)
{
    /// <summary>Number of float values: the product of <see cref="Dims"/>.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in Dims)
            {
                count *= dim;
            }

            return count;
        }
    }
}
