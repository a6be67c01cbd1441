using System.Buffers.Binary;
using System.Text.Json;
using Cappy.Scorer.Synthetic;

namespace Cappy.Proxy.Training;

/// <summary>
/// Reads the float weights of a HuggingFace <c>model.safetensors</c> by the tensor names of
/// <see cref="RobertaTensorLayout"/>, dense weights as [in, out].
/// </summary>
/// <remarks>
/// The format is an 8-byte little-endian header length, a JSON header that maps each tensor name to its
/// <c>dtype</c>, <c>shape</c> and <c>data_offsets</c> (relative to the end of the header), then the raw data.
/// F32, F16 and BF16 tensors are read as float32; others (such as the int64 <c>position_ids</c> buffer) are skipped.
/// Two-dimensional tensors other than embedding tables are PyTorch <c>Linear.weight</c>s, [out, in], and are transposed.
/// </remarks>
internal static class SafetensorsReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file.</exception>
    public static Dictionary<string, float[]> Read(string path, EncoderFamily family)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{path} is not a safetensors file: it is shorter than its 8-byte header length.");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw new InvalidDataException($"{path} is not a safetensors file: its header length {headerLength} exceeds the file.");
        }

        var dataStart = 8 + (int)headerLength;
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        try
        {
            using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            foreach (var entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    continue;
                }

                var dtype = entry.Value.GetProperty("dtype").GetString();
                var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(dim => dim.GetInt32()).ToArray();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()).ToArray();
                if (dtype is not ("F32" or "F16" or "BF16"))
                {
                    continue;
                }

                if (offsets.Length != 2 || offsets[0] < 0 || offsets[0] > offsets[1] || dataStart + offsets[1] > bytes.Length)
                {
                    throw new InvalidDataException($"tensor {entry.Name} has data offsets outside the file.");
                }

                var values = Decode(bytes.AsSpan(dataStart + (int)offsets[0], (int)(offsets[1] - offsets[0])), dtype);
                var name = TensorNames.Canonical(entry.Name, family);
                if (shape.Length == 2 && !name.Contains("embeddings", StringComparison.Ordinal))
                {
                    values = Transpose(values, shape[0], shape[1]);
                }

                weights[name] = values;
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} has an invalid safetensors header: {exception.Message}", exception);
        }

        return weights;
    }

    private static float[] Decode(ReadOnlySpan<byte> data, string dtype)
    {
        switch (dtype)
        {
            case "F32":
                var singles = new float[data.Length / 4];
                for (var i = 0; i < singles.Length; i++)
                {
                    singles[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                }

                return singles;
            case "F16":
                var halves = new float[data.Length / 2];
                for (var i = 0; i < halves.Length; i++)
                {
                    halves[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data[(i * 2)..]);
                }

                return halves;
            default:
                // bfloat16 is the upper half of a float32.
                var brains = new float[data.Length / 2];
                for (var i = 0; i < brains.Length; i++)
                {
                    brains[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]) << 16);
                }

                return brains;
        }
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                result[(column * rows) + row] = values[(row * columns) + column];
            }
        }

        return result;
    }
}
