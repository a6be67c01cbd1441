using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Testing;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit;

namespace Cappy.Scorer.Tests.Inference;

public sealed class ModelSignatureTests
{
    [Fact]
    public void Read_WithTokenTypeIds_FeedsThem()
    {
        using var directory = new TemporaryDirectory();
        var modelPath = directory.File("model.onnx");
        TokenSumModel.Write(modelPath, withTokenTypeIds: true);
        using var session = new InferenceSession(modelPath);

        var signature = ModelSignature.Read(session, ModelSignature.Logits, 2, modelPath);

        Assert.True(signature.TakesTokenTypeIds);
        Assert.Equal("logits", signature.OutputName);
    }

    [Fact]
    public void Read_WithoutTokenTypeIds_SkipsThem()
    {
        using var directory = new TemporaryDirectory();
        var modelPath = directory.File("model.onnx");
        TokenSumModel.Write(modelPath, withTokenTypeIds: false);
        using var session = new InferenceSession(modelPath);

        var signature = ModelSignature.Read(session, ModelSignature.Logits, 2, modelPath);

        Assert.False(signature.TakesTokenTypeIds);
    }

    [Fact]
    public void Read_Int32Ids_NamesExpectedType()
    {
        using var directory = new TemporaryDirectory();
        var modelPath = directory.File("model.onnx");
        TokenSumModel.Write(modelPath, idType: TensorProto.Types.DataType.Int32);
        using var session = new InferenceSession(modelPath);

        var exception = Assert.Throws<ScorerModelException>(() => ModelSignature.Read(session, ModelSignature.Logits, 2, modelPath));

        Assert.Equal(modelPath, exception.FilePath);
        Assert.Contains("expected input 'input_ids' as a Int64 tensor", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OtherOutputName_NamesLogits()
    {
        using var directory = new TemporaryDirectory();
        var modelPath = directory.File("model.onnx");
        TokenSumModel.Write(modelPath, outputName: "scores");
        using var session = new InferenceSession(modelPath);

        var exception = Assert.Throws<ScorerModelException>(() => ModelSignature.Read(session, ModelSignature.Logits, 2, modelPath));

        Assert.Equal(modelPath, exception.FilePath);
        Assert.Contains("expected output 'logits'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("scores", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmbeddedMiniLm_TokenTypesAndHiddenState()
    {
        using var session = new InferenceSession(EmbeddedMiniLm.ReadModel());

        var signature = ModelSignature.Read(session, ModelSignature.LastHiddenState, 3, "model.onnx");

        Assert.Equal(["attention_mask", "input_ids", "token_type_ids"], session.InputMetadata.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("last_hidden_state", session.OutputMetadata.Keys);
        Assert.True(signature.TakesTokenTypeIds);
        Assert.Equal("last_hidden_state", signature.OutputName);
    }
}
