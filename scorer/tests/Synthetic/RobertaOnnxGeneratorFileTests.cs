using System.Runtime.InteropServices;
using System.Text.Json;
using Cappy.Scorer.Synthetic;
using Cappy.Testing;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit;

namespace Cappy.Scorer.Tests.Synthetic;

/// <summary>Checks the files the generator writes and the weights it returns.</summary>
public sealed class RobertaOnnxGeneratorFileTests(TinyRobertaModelFixture fixture) : IClassFixture<TinyRobertaModelFixture>
{
    [Fact]
    public void Write_SameSeed_WritesIdenticalFile()
    {
        var secondPath = Path.Combine(fixture.Directory, "same-seed.onnx");

        RobertaOnnxGenerator.Write(RobertaModelConfig.Tiny, secondPath);

        Assert.Equal(File.ReadAllBytes(fixture.ModelPath), File.ReadAllBytes(secondPath));
    }

    [Fact]
    public void Write_Initializers_EqualGeneratedWeights()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture.ModelPath));
        var initializers = model.Graph.Initializer.ToDictionary(tensor => tensor.Name);
        var weights = fixture.Weights;
        var firstLayer = weights.Layers[0];
        var lastLayer = weights.Layers[^1];

        Assert.Equal(RobertaOnnxGenerator.IrVersion, model.IrVersion);
        Assert.Equal(RobertaOnnxGenerator.OpsetVersion, model.OpsetImport.Single(opset => opset.Domain.Length == 0).Version);
        Assert.Equal([50_265, 32], initializers["roberta.embeddings.word_embeddings.weight"].Dims);
        Assert.Equal(weights.WordEmbeddings, RawFloats(initializers["roberta.embeddings.word_embeddings.weight"]));
        Assert.Equal(weights.PositionEmbeddings, RawFloats(initializers["roberta.embeddings.position_embeddings.weight"]));
        Assert.Equal(weights.TokenTypeEmbedding, RawFloats(initializers["roberta.embeddings.token_type_embeddings.weight"]));
        Assert.Equal(firstLayer.QueryWeight, RawFloats(initializers["roberta.encoder.layer.0.attention.self.query.weight"]));
        Assert.Equal([32, 64], initializers["roberta.encoder.layer.1.intermediate.dense.weight"].Dims);
        Assert.Equal(lastLayer.IntermediateWeight, RawFloats(initializers["roberta.encoder.layer.1.intermediate.dense.weight"]));
        Assert.Equal(lastLayer.OutputLayerNormScale, RawFloats(initializers["roberta.encoder.layer.1.output.LayerNorm.weight"]));
        Assert.Equal(weights.ClassifierOutputWeight, RawFloats(initializers["classifier.out_proj.weight"]));
        Assert.Equal(weights.ClassifierOutputBias, RawFloats(initializers["classifier.out_proj.bias"]));
    }

    [Fact]
    public void Generate_Weights_HaveInitializerRange()
    {
        var embeddings = fixture.Weights.WordEmbeddings;
        var scale = fixture.Weights.Layers[0].AttentionLayerNormScale;

        var mean = embeddings.Average(value => (double)value);
        var deviation = Math.Sqrt(embeddings.Average(value => (value - mean) * (value - mean)));

        Assert.InRange(mean, -1e-4, 1e-4);
        Assert.InRange(deviation, 0.0198, 0.0202);
        Assert.InRange(scale.Average(value => (double)value), 0.98, 1.02);
    }

    [Fact]
    public void Generate_HiddenNotMultipleOfHeads_Throws()
    {
        var config = RobertaModelConfig.Tiny with { Hidden = 30, Layers = 0 };

        var exception = Assert.Throws<ArgumentException>(() => RobertaOnnxGenerator.Generate(config));

        Assert.Contains("Hidden (30) must be a multiple of Heads (4)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Layers must be at least 1 (got 0)", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void WriteModelDirectory_RobertaTokenizer_WritesExportLayout()
    {
        var vocabPath = SharedData.RequireFile("tokenizers/roberta-base/vocab.json");
        var mergesPath = SharedData.RequireFile("tokenizers/roberta-base/merges.txt");
        var directory = Path.Combine(fixture.Directory, "export");

        RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, directory, vocabPath, mergesPath);

        Assert.Equal(File.ReadAllBytes(fixture.ModelPath), File.ReadAllBytes(Path.Combine(directory, "model.onnx")));
        Assert.Equal(File.ReadAllBytes(vocabPath), File.ReadAllBytes(Path.Combine(directory, "vocab.json")));
        Assert.Equal(File.ReadAllBytes(mergesPath), File.ReadAllBytes(Path.Combine(directory, "merges.txt")));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "config.json")));
        Assert.Equal("roberta", config.RootElement.GetProperty("model_type").GetString());
        Assert.Equal(1, config.RootElement.GetProperty("num_labels").GetInt32());
        Assert.Equal(32, config.RootElement.GetProperty("hidden_size").GetInt32());
        Assert.Equal(1, config.RootElement.GetProperty("pad_token_id").GetInt32());
        using var session = new InferenceSession(Path.Combine(directory, "model.onnx"));
        Assert.Single(session.OutputMetadata);
    }

    [Fact]
    public void WriteModelDirectory_MissingVocab_Throws()
    {
        var missing = Path.Combine(fixture.Directory, "no-such-vocab.json");
        var directory = Path.Combine(fixture.Directory, "not-written");

        var exception = Assert.Throws<FileNotFoundException>(
            () => RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, directory, missing, fixture.ModelPath));

        Assert.Equal(missing, exception.FileName);
        Assert.False(Directory.Exists(directory));
    }

    private static float[] RawFloats(TensorProto tensor) => MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
}
