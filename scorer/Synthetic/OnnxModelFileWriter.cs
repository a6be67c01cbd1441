using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Cappy.Scorer.Synthetic;

/// <summary>
/// Writes a <see cref="ModelProto"/> file whose large float32 initializers are streamed one at a time instead of being
/// held in the message, so memory use stays near the largest single tensor.
/// </summary>
/// <remarks>
/// The output is an ordinary serialized <c>ModelProto</c>. Protobuf parsers accept fields in any order, so the graph
/// is written as its small fields followed by one <c>initializer</c> field per streamed tensor, each carrying its
/// values as <c>raw_data</c> (little-endian float32). Length prefixes are computed from the tensor sizes up front.
/// </remarks>
internal static class OnnxModelFileWriter
{
    /// <summary>
    /// Maximum size of a written file in bytes, because protobuf (and so ONNX Runtime) cannot parse a message of
    /// 2 GiB or more. Larger models would need ONNX external data files, which this writer does not produce.
    /// </summary>
    public const long MaxModelBytes = int.MaxValue;

    private const int FloatSize = sizeof(float);
    private const uint GraphTag = (ModelProto.GraphFieldNumber << 3) | 2;
    private const uint InitializerTag = (GraphProto.InitializerFieldNumber << 3) | 2;
    private const uint RawDataTag = (TensorProto.RawDataFieldNumber << 3) | 2;

    /// <summary>
    /// Writes <paramref name="model"/> (whose graph must not contain the streamed tensors yet) to
    /// <paramref name="stream"/>, appending <paramref name="tensors"/> as float32 initializers. Before writing a tensor,
    /// the writer calls <paramref name="fill"/> with the spec and a buffer of its element count to fill.
    /// </summary>
    public static void Write(
        Stream stream,
        ModelProto model,
        IReadOnlyList<RobertaTensorSpec> tensors,
        Action<RobertaTensorSpec, Span<float>> fill)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this writer runs only on little-endian machines.");
        }

        var graph = model.Graph;
        var modelWithoutGraph = model.Clone();
        modelWithoutGraph.Graph = null;

        var headers = new byte[tensors.Count][];
        long graphSize = graph.CalculateSize();
        long maxElements = 0;
        for (var i = 0; i < tensors.Count; i++)
        {
            headers[i] = CreateTensorHeader(tensors[i]).ToByteArray();
            graphSize += InitializerFieldSize(headers[i].Length, tensors[i].ElementCount);
            maxElements = Math.Max(maxElements, tensors[i].ElementCount);
        }

        long modelSize = modelWithoutGraph.CalculateSize() + LengthDelimitedFieldSize(graphSize);
        if (modelSize > MaxModelBytes)
        {
            throw new NotSupportedException(
                $"The model would take {modelSize:N0} bytes, over protobuf's limit of {MaxModelBytes:N0}; reduce the config's size.");
        }

        modelWithoutGraph.WriteTo(stream);
        WriteVarint(stream, GraphTag);
        WriteVarint(stream, (ulong)graphSize);
        graph.WriteTo(stream);

        var buffer = new float[maxElements];
        for (var i = 0; i < tensors.Count; i++)
        {
            var values = buffer.AsSpan(0, (int)tensors[i].ElementCount);
            fill(tensors[i], values);

            var rawSize = (long)values.Length * FloatSize;
            WriteVarint(stream, InitializerTag);
            WriteVarint(stream, (ulong)(headers[i].Length + LengthDelimitedFieldSize(rawSize)));
            stream.Write(headers[i]);
            WriteVarint(stream, RawDataTag);
            WriteVarint(stream, (ulong)rawSize);
            stream.Write(MemoryMarshal.AsBytes(values));
        }
    }

    private static TensorProto CreateTensorHeader(RobertaTensorSpec spec)
    {
        var tensor = new TensorProto { Name = spec.Name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(spec.Dims);
        return tensor;
    }

    private static long InitializerFieldSize(int headerSize, long elementCount) =>
        LengthDelimitedFieldSize(headerSize + LengthDelimitedFieldSize(elementCount * FloatSize));

    // Tag byte + length varint + payload. Every field number used here fits in a one-byte tag.
    private static long LengthDelimitedFieldSize(long payloadSize) => 1 + VarintSize((ulong)payloadSize) + payloadSize;

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        var length = 0;
        while (value >= 0x80)
        {
            bytes[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[length++] = (byte)value;
        stream.Write(bytes[..length]);
    }
}
