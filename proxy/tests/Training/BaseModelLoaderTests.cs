using System.Buffers.Binary;
using System.Text.Json;
using Cappy.Proxy.Training;
using Cappy.Scorer.Synthetic;
using Xunit;

namespace Cappy.Proxy.Tests.Training;

public sealed class BaseModelLoaderTests : IDisposable
{
    private static readonly RobertaModelConfig TinyBert = new(
        Layers: 1, Hidden: 8, Heads: 2, Intermediate: 16, VocabularySize: 40, MaxPositions: 16, Seed: 5)
    {
        Family = EncoderFamily.Bert,
    };

    private readonly string directory = Directory.CreateTempSubdirectory("cappy-base-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Safetensors_MatchesOnnxWeights()
    {
        var onnxDirectory = CreateDirectory("onnx");
        RobertaOnnxGenerator.Write(TinyBert, Path.Combine(onnxDirectory, "model.onnx"));
        var fromOnnx = BaseModelLoader.Load(onnxDirectory, seed: 1);

        var safetensorsDirectory = CreateDirectory("safetensors");
        WriteHuggingFaceSafetensors(Path.Combine(safetensorsDirectory, "model.safetensors"), fromOnnx.Weights);
        var fromSafetensors = BaseModelLoader.Load(safetensorsDirectory, seed: 1);

        Assert.Empty(fromOnnx.InitializedTensors);
        Assert.Empty(fromSafetensors.InitializedTensors);
        foreach (var spec in RobertaTensorLayout.Create(TinyBert))
        {
            Assert.Equal(fromOnnx.Weights[spec.Name], fromSafetensors.Weights[spec.Name]);
        }
    }

    [Fact]
    public void Onnx_MatchesGeneratedWeights()
    {
        var onnxDirectory = CreateDirectory("generated");
        RobertaOnnxGenerator.Write(TinyBert, Path.Combine(onnxDirectory, "model.onnx"));
        var generated = RobertaOnnxGenerator.Generate(TinyBert);

        var loaded = BaseModelLoader.Load(onnxDirectory, seed: 1);

        Assert.Equal(generated.WordEmbeddings, loaded.Weights["bert.embeddings.word_embeddings.weight"]);
        Assert.Equal(generated.TokenTypeEmbedding, loaded.Weights["bert.embeddings.token_type_embeddings.weight"]);
        Assert.Equal(generated.Layers[0].QueryWeight, loaded.Weights["bert.encoder.layer.0.attention.self.query.weight"]);
        Assert.Equal(generated.Layers[0].OutputWeight, loaded.Weights["bert.encoder.layer.0.output.dense.weight"]);
        Assert.Equal(generated.ClassifierOutputWeight, loaded.Weights["classifier.out_proj.weight"]);
        Assert.Equal(EncoderFamily.Bert, loaded.Config.Family);
        Assert.Equal(8, loaded.Config.Hidden);
    }

    [Fact]
    public void MissingWeights_NamesBothFiles()
    {
        var empty = CreateDirectory("empty");

        var exception = Assert.Throws<InvalidDataException>(() => BaseModelLoader.Load(empty, seed: 1));

        Assert.Contains("model.safetensors or model.onnx", exception.Message, StringComparison.Ordinal);
    }

    private string CreateDirectory(string name)
    {
        var path = Path.Combine(directory, name);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "config.json"), RobertaOnnxGenerator.CreateConfigJson(TinyBert));
        File.WriteAllLines(Path.Combine(path, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
        return path;
    }

    // Writes the weights as HuggingFace's BertForSequenceClassification stores them: Linear weights as [out, in],
    // the head as bert.pooler.dense and classifier, and the int64 position_ids buffer that readers must skip.
    private static void WriteHuggingFaceSafetensors(string path, IReadOnlyDictionary<string, float[]> weights)
    {
        var tensors = new List<(string Name, string DataType, long[] Shape, byte[] Data)>
        {
            ("bert.embeddings.position_ids", "I64", [1, TinyBert.MaxPositions], new byte[8 * TinyBert.MaxPositions]),
        };
        foreach (var spec in RobertaTensorLayout.Create(TinyBert))
        {
            var name = spec.Name
                .Replace("classifier.dense.", "bert.pooler.dense.", StringComparison.Ordinal)
                .Replace("classifier.out_proj.", "classifier.", StringComparison.Ordinal);
            var values = weights[spec.Name];
            var shape = spec.Dims;
            if (shape.Length == 2 && !name.Contains("embeddings", StringComparison.Ordinal))
            {
                values = Transpose(values, (int)shape[0], (int)shape[1]);
                shape = [shape[1], shape[0]];
            }

            var data = new byte[values.Length * 4];
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
            }

            tensors.Add((name, "F32", shape, data));
        }

        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        long offset = 0;
        foreach (var (name, dataType, shape, data) in tensors)
        {
            header[name] = new { dtype = dataType, shape, data_offsets = new[] { offset, offset + data.Length } };
            offset += data.Length;
        }

        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header);
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
        file.Write(length);
        file.Write(headerBytes);
        foreach (var tensor in tensors)
        {
            file.Write(tensor.Data);
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
