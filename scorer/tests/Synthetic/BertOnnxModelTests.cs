using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Scorer.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace Cappy.Scorer.Tests.Synthetic;

/// <summary>Writes a tiny BERT-family classifier and checks it against the float64 reference and the scorer factory.</summary>
public sealed class BertOnnxModelTests
{
    // Same rule as the RoBERTa tests: relative error 1e-4 with a floor of 1e-3 on the reference's magnitude.
    private const double RelativeTolerance = 1e-4;
    private const double ToleranceFloor = 1e-3;

    private static readonly RobertaModelConfig TinyBert = new(
        Layers: 2, Hidden: 32, Heads: 4, Intermediate: 64, VocabularySize: 30_522, MaxPositions: 64, Seed: 99)
    {
        Family = EncoderFamily.Bert,
    };

    // [CLS] = 101, [SEP] = 102 in the uncased BERT vocabulary; token types mark the second segment.
    private static readonly long[][] Rows =
    [
        [101, 2054, 2003, 1996, 3007, 1997, 2605, 1029, 102, 3000, 2003, 1996, 3007, 1012, 102],
        [101, 7592, 102, 2088, 102],
        [101, 30521, 30000, 5, 102, 1, 2, 3, 4, 102],
    ];

    private static readonly long[][] TokenTypes =
    [
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
        [0, 0, 0, 1, 1],
        [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
    ];

    [Fact]
    public void Logits_PaddedBatch_MatchReference()
    {
        var directory = Directory.CreateTempSubdirectory("cappy-bert-").FullName;
        try
        {
            var modelPath = Path.Combine(directory, "model.onnx");
            RobertaOnnxGenerator.Write(TinyBert, modelPath);
            var (inputIds, attentionMask, tokenTypeIds) = Pad();
            var expected = new RobertaReferenceModel(RobertaOnnxGenerator.Generate(TinyBert)).ComputeLogits(inputIds, attentionMask, tokenTypeIds);

            using var session = new InferenceSession(modelPath);
            var actual = Run(session, inputIds, attentionMask, tokenTypeIds);

            for (var row = 0; row < Rows.Length; row++)
            {
                var error = Math.Abs(actual[row] - expected[row]);
                Assert.True(
                    error <= RelativeTolerance * Math.Max(Math.Abs(expected[row]), ToleranceFloor),
                    $"row {row}: onnx logit {actual[row]:R} differs from reference {expected[row]:R} by {error:E2}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Reference_TokenTypes_ChangeLogit()
    {
        var (inputIds, attentionMask, tokenTypeIds) = Pad();
        var reference = new RobertaReferenceModel(RobertaOnnxGenerator.Generate(TinyBert));

        var withTypes = reference.ComputeLogits(inputIds, attentionMask, tokenTypeIds);
        var withoutTypes = reference.ComputeLogits(inputIds, attentionMask);

        Assert.NotEqual(withTypes[0], withoutTypes[0]);
    }

    [Fact]
    public async Task ModelDirectory_LoadsThroughFactoryAndScores()
    {
        var directory = Directory.CreateTempSubdirectory("cappy-bert-dir-").FullName;
        try
        {
            RobertaOnnxGenerator.Write(TinyBert, Path.Combine(directory, "model.onnx"));
            File.WriteAllText(Path.Combine(directory, "config.json"), RobertaOnnxGenerator.CreateConfigJson(TinyBert));
            using (var vocabulary = EmbeddedMiniLm.OpenVocabulary())
            using (var file = File.Create(Path.Combine(directory, "vocab.txt")))
            {
                await vocabulary.CopyToAsync(file);
            }

            using var scorer = ScorerFactory.Create(
                new ScorerOptions { ModelDirectory = directory, ExecutionProvider = "cpu", MaxLength = 64 }, NullLoggerFactory.Instance);
            var scores = await scorer.ScoreAsync("What is the capital of France?", ["Paris.", "I like turtles."], CancellationToken.None);

            Assert.Equal(ScorerKind.CrossEncoder, scorer.Description.Kind);
            Assert.Equal(2, scores.Length);
            Assert.NotEqual(scores[0], scores[1]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Pads with id 0, mask 0 and token type 0, as a BERT tokenizer does.
    private static (long[][] InputIds, long[][] AttentionMask, long[][] TokenTypeIds) Pad()
    {
        var length = Rows.Max(row => row.Length);
        long[] PadRow(long[] row, long value) => row.Concat(Enumerable.Repeat(value, length - row.Length)).ToArray();
        return (
            Rows.Select(row => PadRow(row, 0)).ToArray(),
            Rows.Select(row => PadRow(Enumerable.Repeat(1L, row.Length).ToArray(), 0)).ToArray(),
            TokenTypes.Select(row => PadRow(row, 0)).ToArray());
    }

    private static float[] Run(InferenceSession session, long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds)
    {
        int[] dims = [inputIds.Length, inputIds[0].Length];
        DenseTensor<long> Flatten(long[][] rows) => new(rows.SelectMany(row => row).ToArray(), dims);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", Flatten(inputIds)),
            NamedOnnxValue.CreateFromTensor("attention_mask", Flatten(attentionMask)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", Flatten(tokenTypeIds)),
        ]);
        var logits = results.Single(result => result.Name == "logits").AsTensor<float>();
        return Enumerable.Range(0, inputIds.Length).Select(row => logits[row, 0]).ToArray();
    }
}
