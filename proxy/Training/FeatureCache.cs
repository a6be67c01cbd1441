using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Cappy.Scorer.Tokenization;

namespace Cappy.Proxy.Training;

/// <summary>
/// Computes the head's input features of every training example once and keeps them in <c>OUT/features.bin</c>:
/// a header (format tag, the key of data and encoder settings, hidden size, example count) followed by float32 rows
/// in example order. Rows are appended a chunk at a time, so an interrupted run continues where it stopped, and a
/// finished file is reused by every later run with the same key.
/// </summary>
internal static class FeatureCache
{
    public const string FileName = "features.bin";

    /// <summary>Examples encoded and appended to the file at a time, unless the caller gives another count.</summary>
    public const int DefaultChunkSize = 512;

    /// <summary>Pairs per ONNX Runtime run; a chunk is sorted by length first, so batches pad little.</summary>
    private const int BatchRows = 32;

    private static readonly byte[] FormatTag = "CAPPYHF1"u8.ToArray();

    /// <summary>
    /// Returns [examples, hidden] features, reading the rows the cache contains and computing the rest. <paramref name="key"/>
    /// identifies the data, base model and tokenization; a file with another key is replaced.
    /// </summary>
    public static float[] LoadOrCompute(
        string directory,
        string key,
        IReadOnlyList<TrainingExample> examples,
        IPairEncoder tokenizer,
        int maxLength,
        Func<FeatureEncoder> createEncoder,
        int hidden,
        TextWriter progress,
        CancellationToken cancellationToken,
        int chunkSize = DefaultChunkSize)
    {
        var path = Path.Combine(directory, FileName);
        var features = new float[(long)examples.Count * hidden];
        var header = CreateHeader(key, hidden, examples.Count);
        var done = ReadExisting(path, header, features, hidden);
        if (done == examples.Count)
        {
            progress.WriteLine($"Read the features of {done} examples from {path}.");
            return features;
        }

        using var stream = new FileStream(path, done > 0 ? FileMode.Open : FileMode.Create, FileAccess.Write, FileShare.Read);
        if (done > 0)
        {
            progress.WriteLine($"Continuing after the {done} examples in {path}.");
            stream.SetLength(header.Length + ((long)done * hidden * sizeof(float)));
            stream.Seek(0, SeekOrigin.End);
        }
        else
        {
            stream.Write(header);
        }

        using var encoder = createEncoder();
        var stopwatch = Stopwatch.StartNew();
        var startedAt = done;
        while (done < examples.Count)
        {
            var count = Math.Min(chunkSize, examples.Count - done);
            var chunk = features.AsSpan(done * hidden, count * hidden);
            EncodeChunk(examples, done, count, tokenizer, maxLength, encoder, chunk, cancellationToken);
            stream.Write(MemoryMarshal.AsBytes(chunk));
            stream.Flush();
            done += count;

            var rate = (done - startedAt) / Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
            var left = TimeSpan.FromSeconds((examples.Count - done) / Math.Max(rate, 1e-9));
            progress.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"features {done}/{examples.Count}  {rate:F1} pairs/s  elapsed {stopwatch.Elapsed:hh\\:mm\\:ss}  left {left:hh\\:mm\\:ss}"));
            progress.Flush();
        }

        return features;
    }

    private static void EncodeChunk(
        IReadOnlyList<TrainingExample> examples,
        int start,
        int count,
        IPairEncoder tokenizer,
        int maxLength,
        FeatureEncoder encoder,
        Span<float> target,
        CancellationToken cancellationToken)
    {
        var hidden = encoder.Hidden;
        var rows = Enumerable.Range(start, count)
            .Select(index => (Index: index - start, Encoded: tokenizer.EncodePair(examples[index].Instruction, examples[index].Response, maxLength)))
            .OrderBy(row => row.Encoded.Length)
            .ToList();
        for (var offset = 0; offset < rows.Count; offset += BatchRows)
        {
            var batch = rows.Skip(offset).Take(BatchRows).ToList();
            var values = encoder.Encode(batch.Select(row => row.Encoded).ToList(), tokenizer.PadTokenId, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                values.AsSpan(i * hidden, hidden).CopyTo(target.Slice(batch[i].Index * hidden, hidden));
            }
        }
    }

    // Returns how many whole rows a file with the same header contains (copied into features), or 0.
    private static int ReadExisting(string path, byte[] header, float[] features, int hidden)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = File.OpenRead(path);
        var existing = new byte[header.Length];
        if (stream.ReadAtLeast(existing, existing.Length, throwOnEndOfStream: false) != existing.Length || !existing.AsSpan().SequenceEqual(header))
        {
            return 0;
        }

        var rowBytes = hidden * sizeof(float);
        var rows = (int)Math.Min((stream.Length - header.Length) / rowBytes, features.Length / hidden);
        stream.ReadExactly(MemoryMarshal.AsBytes(features.AsSpan(0, rows * hidden)));
        return rows;
    }

    private static byte[] CreateHeader(string key, int hidden, int count)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var header = new byte[FormatTag.Length + sizeof(int) + keyBytes.Length + (2 * sizeof(int))];
        var span = header.AsSpan();
        FormatTag.CopyTo(span);
        var offset = FormatTag.Length;
        BitConverter.TryWriteBytes(span[offset..], keyBytes.Length);
        offset += sizeof(int);
        keyBytes.CopyTo(span[offset..]);
        offset += keyBytes.Length;
        BitConverter.TryWriteBytes(span[offset..], hidden);
        BitConverter.TryWriteBytes(span[(offset + sizeof(int))..], count);
        return header;
    }
}
