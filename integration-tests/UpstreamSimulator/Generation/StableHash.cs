namespace Cappy.UpstreamSimulator.Generation;

/// <summary>
/// 64-bit FNV-1a hashing that gives the same value in every process, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(int seed, string text, int position)
    {
        var hash = OffsetBasis;
        hash = Mix(hash, unchecked((uint)seed));
        foreach (var character in text)
        {
            hash = Mix(hash, character);
        }

        return Mix(hash, unchecked((uint)position));
    }

    /// <summary>Derives a further value from a hash, for drawing several numbers from one input.</summary>
    public static ulong Next(ulong hash, int step) => Mix(hash, unchecked((uint)step));

    private static ulong Mix(ulong hash, uint value)
    {
        for (var shift = 0; shift < 32; shift += 8)
        {
            hash ^= (value >> shift) & 0xFF;
            hash = unchecked(hash * Prime);
        }

        return hash;
    }
}
