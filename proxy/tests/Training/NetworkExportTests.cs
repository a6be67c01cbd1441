using Cappy.Proxy.Training;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Scorer.Tokenization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;
using static TorchSharp.torch;

namespace Cappy.Proxy.Tests.Training;

public sealed class NetworkExportTests
{
    private const float Tolerance = 1e-4f;

    private static readonly (string Instruction, string Response)[] Pairs =
    [
        ("Name three primary colours.", "Red, yellow and blue."),
        ("What is the capital of France?", "Paris is the capital and largest city of France."),
        ("Write a haiku about rain.", "Soft rain on the roof / the gutters hum a low tune / puddles hold the sky"),
    ];

    [SkippableFact]
    public void EmbeddedEncoder_MatchesOnnxHiddenStates()
    {
        SkipWithoutLibTorch();
        var baseModel = BaseModelLoader.Load(BaseModelLoader.EmbeddedBase, seed: 7);
        using var network = new CrossEncoderNetwork(baseModel.Config);
        NetworkWeights.Load(network, baseModel.Weights);
        network.eval();

        var encoder = CreateEncoder(baseModel);
        var batch = TokenBatch.Create(Pairs.Select(pair => encoder.EncodePair(pair.Instruction, pair.Response, 64)).ToList(), encoder.PadTokenId);
        var expected = RunEmbeddedHiddenStates(batch);

        float[] actual;
        using (var noGrad = no_grad())
        using (var ids = batch.InputIdsTensor(CPU))
        using (var mask = batch.AttentionMaskTensor(CPU))
        using (var types = batch.TokenTypeIdsTensor(CPU))
        using (var hidden = network.Encode(ids, mask, types))
        {
            actual = hidden.data<float>().ToArray();
        }

        Assert.Equal(expected.Length, actual.Length);
        var maxDifference = MaxDifferenceAtRealTokens(expected, actual, batch, baseModel.Config.Hidden);
        Assert.True(maxDifference < Tolerance, $"Largest hidden-state difference {maxDifference} is over {Tolerance}.");
    }

    [SkippableFact]
    public async Task ExportedEmbeddedCrossEncoder_ScoresLikeNetwork()
    {
        SkipWithoutLibTorch();
        var baseModel = BaseModelLoader.Load(BaseModelLoader.EmbeddedBase, seed: 7);
        using var network = new CrossEncoderNetwork(baseModel.Config);
        NetworkWeights.Load(network, baseModel.Weights);
        network.eval();

        var directory = Directory.CreateTempSubdirectory("cappy-train-export-").FullName;
        try
        {
            TrainedModelWriter.Write(network, baseModel.TokenizerFiles, directory);
            var expected = NetworkScores.Score(network, CreateEncoder(baseModel), Pairs, maxLength: 512, CPU);

            using var scorer = ScorerFactory.Create(
                new ScorerOptions { ModelDirectory = directory, ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
            for (var i = 0; i < Pairs.Length; i++)
            {
                var scores = await scorer.ScoreAsync(Pairs[i].Instruction, [Pairs[i].Response], CancellationToken.None);
                Assert.True(Math.Abs(scores[0] - expected[i]) < Tolerance, $"Pair {i}: ONNX {scores[0]}, TorchSharp {expected[i]}.");
            }

            Assert.Equal(ScorerKind.CrossEncoder, scorer.Description.Kind);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ExportedModel_MatchesEncoderPlusHead()
    {
        var baseModel = BaseModelLoader.Load(BaseModelLoader.EmbeddedBase, seed: 7);
        var encoder = CreateEncoder(baseModel);
        var batch = TokenBatch.Create(Pairs.Select(pair => encoder.EncodePair(pair.Instruction, pair.Response, 64)).ToList(), encoder.PadTokenId);
        var hidden = baseModel.Config.Hidden;
        var states = RunEmbeddedHiddenStates(batch);

        var directory = Directory.CreateTempSubdirectory("cappy-train-export-").FullName;
        try
        {
            TrainedModelWriter.Write(baseModel.Config, baseModel.Weights, baseModel.TokenizerFiles, directory);
            using var session = new InferenceSession(Path.Combine(directory, "model.onnx"));
            var logits = Run(session, batch, "logits");

            for (var row = 0; row < batch.Rows; row++)
            {
                var first = states.AsSpan(row * batch.Columns * hidden, hidden).ToArray();
                var expected = ApplyHead(first, baseModel.Weights, hidden);
                Assert.True(Math.Abs(logits[row] - expected) < Tolerance, $"Row {row}: exported model {logits[row]}, original encoder with head {expected}.");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void EmbeddedBase_InitializesOnlyOutputProjection()
    {
        var baseModel = BaseModelLoader.Load(BaseModelLoader.EmbeddedBase, seed: 7);

        Assert.Equal(["classifier.out_proj.weight", "classifier.out_proj.bias"], baseModel.InitializedTensors);
        Assert.Equal(Scorer.Synthetic.EncoderFamily.Bert, baseModel.Config.Family);
        Assert.True(baseModel.TokenizerFiles.ContainsKey("vocab.txt"));
    }

    internal static void SkipWithoutLibTorch()
    {
        var reason = TorchRuntime.TryLoad();
        Skip.If(reason is not null, reason);
    }

    internal static IPairEncoder CreateEncoder(BaseModel baseModel)
    {
        using var vocabulary = new MemoryStream(baseModel.TokenizerFiles["vocab.txt"]);
        return PairEncoders.CreateWordPiece(vocabulary, lowerCase: true);
    }

    private static float[] RunEmbeddedHiddenStates(TokenBatch batch)
    {
        using var session = new InferenceSession(EmbeddedMiniLm.ReadModel());
        return Run(session, batch, "last_hidden_state");
    }

    private static float[] Run(InferenceSession session, TokenBatch batch, string outputName)
    {
        var dims = new[] { batch.Rows, batch.Columns };
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(batch.InputIds, dims)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(batch.AttentionMask, dims)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(batch.TokenTypeIds, dims)),
        };
        using var outputs = session.Run(inputs);
        return outputs.First(output => output.Name == outputName).AsEnumerable<float>().ToArray();
    }

    // tanh(x · Wd + bd) · Wo + bo in float64, with the head tensors stored as [in, out].
    private static double ApplyHead(float[] first, IReadOnlyDictionary<string, float[]> weights, int hidden)
    {
        var denseWeight = weights["classifier.dense.weight"];
        var denseBias = weights["classifier.dense.bias"];
        var outputWeight = weights["classifier.out_proj.weight"];
        var logit = (double)weights["classifier.out_proj.bias"][0];
        for (var o = 0; o < hidden; o++)
        {
            double sum = denseBias[o];
            for (var i = 0; i < hidden; i++)
            {
                sum += first[i] * (double)denseWeight[(i * hidden) + o];
            }

            logit += Math.Tanh(sum) * outputWeight[o];
        }

        return logit;
    }

    // Hidden states at padded positions are not compared, because no real token attends to them and the head reads the first token.
    private static float MaxDifferenceAtRealTokens(float[] expected, float[] actual, TokenBatch batch, int hidden)
    {
        var max = 0f;
        for (var row = 0; row < batch.Rows; row++)
        {
            for (var column = 0; column < batch.Columns; column++)
            {
                if (batch.AttentionMask[(row * batch.Columns) + column] == 0)
                {
                    continue;
                }

                var offset = ((row * batch.Columns) + column) * hidden;
                for (var i = 0; i < hidden; i++)
                {
                    max = Math.Max(max, Math.Abs(expected[offset + i] - actual[offset + i]));
                }
            }
        }

        return max;
    }
}
