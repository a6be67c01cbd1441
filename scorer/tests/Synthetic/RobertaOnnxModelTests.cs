using Cappy.Scorer.Synthetic;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using Xunit.Abstractions;

namespace Cappy.Scorer.Tests.Synthetic;

/// <summary>Runs the written Tiny model in ONNX Runtime and checks it against the float64 reference.</summary>
public sealed class RobertaOnnxModelTests(TinyRobertaModelFixture fixture, ITestOutputHelper output)
    : IClassFixture<TinyRobertaModelFixture>
{
    // A logit passes when |onnx - reference| <= 1e-4 * max(|reference|, 1e-3): relative error 1e-4 with an absolute
    // floor of 1e-7. The Tiny model's logits are about 5e-3 and differ between rows by 1e-5 to 1e-4, so a floor of
    // 1e-5 would let a row that ignores its mask pass. ONNX Runtime 1.32 on CPU measured within 1e-6 relative here.
    private const double RelativeTolerance = 1e-4;
    private const double ToleranceFloor = 1e-3;

    private const long BosId = 0;
    private const long EosId = 2;

    // Rows of different lengths with ids from the whole RoBERTa range, the last ids of the vocabulary included.
    private static readonly long[][] Rows =
    [
        [BosId, 713, 16, 10, 1296, 50264, 50263, 50262, EosId, EosId, 31414, 232, 328, 49999, 12, 4, EosId],
        [BosId, 31414, EosId],
        [BosId, 50264, 50263, 3, 4, 5, 6, 7, 8, 9, 10, 50000, 42, EosId],
        [BosId, EosId],
        [BosId, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 20000, 30000, 40000, EosId],
    ];

    [Fact]
    public void Logits_PaddedBatch_MatchReference()
    {
        var (inputIds, attentionMask) = TinyRobertaModelFixture.Pad(Rows);
        var expected = new RobertaReferenceModel(fixture.Weights).ComputeLogits(inputIds, attentionMask);

        var actual = TinyRobertaModelFixture.RunLogits(fixture.Session, Rows);

        Assert.Equal(Rows.Length, actual.Length);
        for (var row = 0; row < Rows.Length; row++)
        {
            var error = Math.Abs(actual[row] - expected[row]);
            output.WriteLine($"row {row}: onnx {actual[row]:R} reference {expected[row]:R} error {error:E2}");
            Assert.True(
                error <= Tolerance(expected[row]),
                $"row {row}: onnx logit {actual[row]:R} differs from reference {expected[row]:R} by {error:E2}");
        }
    }

    [Fact]
    public void Logit_AloneAndInPaddedBatch_Match()
    {
        var batched = TinyRobertaModelFixture.RunLogits(fixture.Session, Rows);

        for (var row = 0; row < Rows.Length; row++)
        {
            var alone = TinyRobertaModelFixture.RunLogits(fixture.Session, [Rows[row]])[0];
            var difference = Math.Abs(alone - batched[row]);
            Assert.True(
                difference <= Tolerance(alone),
                $"row {row}: logit alone {alone:R} but {batched[row]:R} in the padded batch");
        }
    }

    [Fact]
    public void Logits_DifferentRows_Differ()
    {
        var logits = TinyRobertaModelFixture.RunLogits(fixture.Session, Rows);

        for (var first = 0; first < Rows.Length; first++)
        {
            for (var second = first + 1; second < Rows.Length; second++)
            {
                var difference = Math.Abs(logits[first] - logits[second]);
                Assert.True(
                    difference > Tolerance(logits[first]),
                    $"rows {first} and {second} give the same logit {logits[first]:R} within tolerance");
            }
        }
    }

    [Fact]
    public void Logits_DifferentSeed_Differ()
    {
        var otherPath = Path.Combine(fixture.Directory, "other-seed.onnx");
        RobertaOnnxGenerator.Write(RobertaModelConfig.Tiny with { Seed = RobertaModelConfig.Tiny.Seed + 1 }, otherPath);
        using var otherSession = new InferenceSession(otherPath);

        var logits = TinyRobertaModelFixture.RunLogits(fixture.Session, Rows);
        var otherLogits = TinyRobertaModelFixture.RunLogits(otherSession, Rows);

        for (var row = 0; row < Rows.Length; row++)
        {
            var difference = Math.Abs(logits[row] - otherLogits[row]);
            Assert.True(
                difference > Tolerance(logits[row]),
                $"row {row}: seeds {RobertaModelConfig.Tiny.Seed} and {RobertaModelConfig.Tiny.Seed + 1} both give {logits[row]:R}");
        }
    }

    [Fact]
    public void Metadata_InputsAndOutput_MatchOptimumExport()
    {
        var inputs = fixture.Session.InputMetadata;
        var outputs = fixture.Session.OutputMetadata;

        Assert.Equal(["attention_mask", "input_ids"], inputs.Keys.Order());
        Assert.Equal(typeof(long), inputs["input_ids"].ElementType);
        Assert.Equal([-1, -1], inputs["input_ids"].Dimensions);
        Assert.Equal(["batch_size", "sequence_length"], inputs["input_ids"].SymbolicDimensions);
        Assert.Equal(typeof(long), inputs["attention_mask"].ElementType);
        Assert.Equal([-1, -1], inputs["attention_mask"].Dimensions);
        Assert.Equal(["batch_size", "sequence_length"], inputs["attention_mask"].SymbolicDimensions);
        Assert.Equal(["logits"], outputs.Keys);
        Assert.Equal(typeof(float), outputs["logits"].ElementType);
        Assert.Equal([-1, 1], outputs["logits"].Dimensions);
        Assert.Equal("batch_size", outputs["logits"].SymbolicDimensions[0]);
    }

    private static double Tolerance(double expected) => RelativeTolerance * Math.Max(Math.Abs(expected), ToleranceFloor);
}
