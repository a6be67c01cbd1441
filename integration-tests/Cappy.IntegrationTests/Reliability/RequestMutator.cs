using System.Text;
using System.Text.Json.Nodes;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>Derives malformed request bodies from a valid one: byte flips, truncation, duplicated slices, type swaps.</summary>
internal static class RequestMutator
{
    private static readonly JsonNode?[] Replacements = [null, 5, -1, 0, 1e300, "yes", true, new JsonArray(), new JsonObject(), "", 2147483648L];

    public static byte[] Mutate(byte[] valid, Random random) => random.Next(4) switch
    {
        0 => FlipBytes(valid, random),
        1 => valid[..random.Next(valid.Length)],
        2 => DuplicateSlice(valid, random),
        _ => SwapType(valid, random),
    };

    private static byte[] FlipBytes(byte[] valid, Random random)
    {
        var copy = (byte[])valid.Clone();
        var flips = random.Next(1, 4);
        for (var i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] DuplicateSlice(byte[] valid, Random random)
    {
        var start = random.Next(valid.Length);
        var length = random.Next(1, valid.Length - start + 1);
        var at = random.Next(valid.Length + 1);
        return [.. valid[..at], .. valid.AsSpan(start, length).ToArray(), .. valid[at..]];
    }

    /// <summary>Replaces one value anywhere in the JSON tree with a value of another type.</summary>
    private static byte[] SwapType(byte[] valid, Random random)
    {
        var root = JsonNode.Parse(valid)!;
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        var (parent, key) = slots[random.Next(slots.Count)];
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        if (parent is JsonObject owner)
        {
            owner[(string)key] = replacement;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = replacement;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, object Key)> slots)
    {
        if (node is JsonObject owner)
        {
            foreach (var (name, child) in owner.ToArray())
            {
                slots.Add((owner, name));
                if (child is not null)
                {
                    Collect(child, slots);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                slots.Add((array, i));
                if (array[i] is { } child)
                {
                    Collect(child, slots);
                }
            }
        }
    }
}
