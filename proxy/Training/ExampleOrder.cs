namespace Cappy.Proxy.Training;

/// <summary>The order in which examples are seen in the one epoch.</summary>
internal static class ExampleOrder
{
    /// <summary>
    /// Returns <paramref name="target"/> indices into <paramref name="count"/> examples: a seeded shuffle, cut to the
    /// target, or followed by further shuffles of the same generator until the target is reached.
    /// </summary>
    public static int[] Create(int count, int target, int seed)
    {
        var random = new Random(seed);
        var order = new int[target];
        var filled = 0;
        while (filled < target)
        {
            var pass = Enumerable.Range(0, count).ToArray();
            random.Shuffle(pass);
            var take = Math.Min(count, target - filled);
            Array.Copy(pass, 0, order, filled, take);
            filled += take;
        }

        return order;
    }
}
