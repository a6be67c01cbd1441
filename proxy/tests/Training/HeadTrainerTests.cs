using System.Text.Json.Nodes;
using Cappy.Proxy.Training;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Cappy.Scorer.Synthetic;
using Cappy.Scorer.Tokenization;
using Cappy.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.Proxy.Tests.Training;

/// <summary>
/// Head-only training needs no LibTorch, so these tests run everywhere: on judged AlpacaEval answers with the embedded
/// encoder, and on a tiny generated BERT-family base directory.
/// </summary>
public sealed class HeadTrainerTests : IDisposable
{
    private const int MaxLength = 64;

    /// <summary>Judged answers of the first rows of the training file: a few hundred examples.</summary>
    private const int DataRows = 4;

    private static readonly (string Instruction, string Response)[] Pairs =
    [
        ("Name three primary colours.", "Red, yellow and blue."),
        ("What is the capital of France?", "Paris is the capital and largest city of France."),
        ("Write a haiku about rain.", "Soft rain on the roof / the gutters hum a low tune / puddles hold the sky"),
    ];

    private readonly string directory = Directory.CreateTempSubdirectory("cappy-head-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [SkippableFact]
    public async Task JudgedAnswers_LossFallsAndModelReranks()
    {
        var settings = CreateJudgedSettings();
        var progress = new StringWriter();

        var result = await HeadTrainer.RunAsync(settings, progress, CancellationToken.None);

        var firstSteps = result.Losses.Take(3).Average();
        var lastSteps = result.Losses.TakeLast(3).Average();
        Assert.True(lastSteps < firstSteps * 0.8, $"Loss fell from {firstSteps} to only {lastSteps}.");
        Assert.True(result.OnnxMaxDifference < 1e-4, $"Written model and head differ by {result.OnnxMaxDifference}.");
        Assert.Contains("features ", progress.ToString(), StringComparison.Ordinal);
        Assert.Contains($"step {result.Losses.Count}/{result.Losses.Count}", progress.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(settings.OutputDirectory, "loss.png")));

        var record = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(settings.OutputDirectory, "training.json")))!;
        var examples = record["data"]!["examples"]!.GetValue<int>();
        Assert.Equal("head", record["mode"]!.GetValue<string>());
        Assert.Equal(examples, record["features"]!["count"]!.GetValue<int>());
        Assert.InRange(examples, 100, 1000);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(settings.DataPath))), record["data"]!["sha256"]!.GetValue<string>());

        // A second run in the same directory reads the cached features and repeats every loss exactly.
        var rerunProgress = new StringWriter();
        var rerun = await HeadTrainer.RunAsync(settings, rerunProgress, CancellationToken.None);
        Assert.Contains($"Read the features of {examples} examples", rerunProgress.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("features 1", rerunProgress.ToString(), StringComparison.Ordinal);
        Assert.Equal(result.Losses, rerun.Losses);

        // eval rerank with the written model on two held-out-style AlpacaEval lines.
        var candidates = Path.Combine(directory, "candidates.jsonl");
        await File.WriteAllLinesAsync(candidates, File.ReadLines(SharedData.RequireFile("data/alpaca-candidates.jsonl")).Take(2));
        var json = Path.Combine(directory, "rerank.json");
        var exitCode = await Program.Main(
            ["eval", "rerank", "--data", candidates, "--model", settings.OutputDirectory, "--max-length", MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device", "cpu", "--json", json]);
        Assert.Equal(0, exitCode);
        var strategies = JsonNode.Parse(await File.ReadAllTextAsync(json))!["strategies"]!.AsObject();
        Assert.InRange(strategies["scorer"]!.GetValue<double>(), 0, strategies["oracle"]!.GetValue<double>());
    }

    [SkippableFact]
    public async Task FeatureCache_ContinuesAfterCancel()
    {
        var data = TrainingDataReader.Read(CreateJudgedSettings().DataPath, filter: null, seed: 1).Examples.Take(96).ToList();
        var baseModel = BaseModelLoader.Load(BaseModelLoader.EmbeddedBase, seed: 1);
        using var vocabulary = new MemoryStream(baseModel.TokenizerFiles["vocab.txt"]);
        var tokenizer = PairEncoders.CreateWordPiece(vocabulary, lowerCase: true);
        var hidden = baseModel.Config.Hidden;
        float[] Compute(string output, TextWriter progress, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(output);
            return FeatureCache.LoadOrCompute(
                output, "key", data, tokenizer, MaxLength, () => FeatureEncoder.Create(baseModel, output, threads: 0), hidden, progress, cancellationToken, chunkSize: 32);
        }

        var whole = Compute(Path.Combine(directory, "whole"), TextWriter.Null, CancellationToken.None);
        var interrupted = Path.Combine(directory, "interrupted");
        using (var cancellation = new CancellationTokenSource())
        {
            var stopAfterFirstChunk = new CancelOnLineWriter("features 32/", cancellation);
            Assert.ThrowsAny<OperationCanceledException>(() => Compute(interrupted, stopAfterFirstChunk, cancellation.Token));
        }

        var progress = new StringWriter();
        var continued = Compute(interrupted, progress, CancellationToken.None);

        Assert.Contains("Continuing after the 32 examples", progress.ToString(), StringComparison.Ordinal);
        Assert.Equal(whole, continued);
    }

    [Fact]
    public async Task ExportedModel_ScoresLikeHeadOnOnnxFeatures()
    {
        var baseModel = BaseModelLoader.Load(BaseModelLoader.EmbeddedBase, seed: 9);
        var random = new Random(9);
        var head = ClassificationHead.FromWeights(baseModel.Weights, baseModel.Config.Hidden);
        foreach (var parameter in head.Parameters)
        {
            for (var i = 0; i < parameter.Length; i++)
            {
                parameter[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
            }
        }

        using var vocabulary = new MemoryStream(baseModel.TokenizerFiles["vocab.txt"]);
        var tokenizer = PairEncoders.CreateWordPiece(vocabulary, lowerCase: true);
        float[] features;
        using (var encoder = FeatureEncoder.Create(baseModel, directory, threads: 0))
        {
            features = encoder.Encode(Pairs.Select(pair => tokenizer.EncodePair(pair.Instruction, pair.Response, MaxLength)).ToList(), tokenizer.PadTokenId, CancellationToken.None);
        }

        var output = Path.Combine(directory, "exported");
        TrainedModelWriter.Write(baseModel.Config, head.WriteInto(baseModel.Weights), baseModel.TokenizerFiles, output);
        using var scorer = ScorerFactory.Create(
            new ScorerOptions { ModelDirectory = output, ExecutionProvider = "cpu", MaxLength = MaxLength }, NullLoggerFactory.Instance);

        var hidden = baseModel.Config.Hidden;
        for (var row = 0; row < Pairs.Length; row++)
        {
            var scores = await scorer.ScoreAsync(Pairs[row].Instruction, [Pairs[row].Response], CancellationToken.None);
            var expected = ReferenceHead(features.AsSpan(row * hidden, hidden).ToArray(), head);
            Assert.True(Math.Abs(scores[0] - expected) < 1e-4, $"Pair {row}: written model {scores[0]}, head on ONNX features {expected}.");
        }

        Assert.Equal(ScorerKind.CrossEncoder, scorer.Description.Kind);
    }

    [Fact]
    public async Task GeneratedBaseDirectory_TrainsHeadAndLoads()
    {
        var config = new RobertaModelConfig(Layers: 2, Hidden: 32, Heads: 4, Intermediate: 64, VocabularySize: 30_522, MaxPositions: 64, Seed: 11)
        {
            Family = EncoderFamily.Bert,
        };
        var baseDirectory = Path.Combine(directory, "base");
        Directory.CreateDirectory(baseDirectory);
        RobertaOnnxGenerator.Write(config, Path.Combine(baseDirectory, "model.onnx"));
        File.WriteAllText(Path.Combine(baseDirectory, "config.json"), RobertaOnnxGenerator.CreateConfigJson(config));
        using (var vocabulary = EmbeddedMiniLm.OpenVocabulary())
        using (var file = File.Create(Path.Combine(baseDirectory, "vocab.txt")))
        {
            vocabulary.CopyTo(file);
        }

        var dataPath = Path.Combine(directory, "right-wrong.jsonl");
        File.WriteAllLines(dataPath, Enumerable.Range(0, 256).Select(i =>
            $$"""{"instruction": "Is this answer right? ({{i}})", "response": "The answer is {{(i % 2 == 0 ? "right" : "wrong")}}.", "label": {{(i % 2 == 0 ? 1 : 0)}}}"""));
        var settings = new TrainingSettings
        {
            DataPath = dataPath,
            BaseModel = baseDirectory,
            OutputDirectory = Path.Combine(directory, "trained"),
            Mode = TrainingMode.Head,
            BatchSize = 32,
            Epochs = 20,
            MaxLength = 32,
            Seed = 3,
        };

        var result = await HeadTrainer.RunAsync(settings, TextWriter.Null, CancellationToken.None);

        Assert.Equal(160, result.Losses.Count);
        // The random tiny encoder's first token barely tells the two responses apart, so the head mostly learns the mean label.
        Assert.True(result.Losses.TakeLast(10).Average() < result.Losses.Take(10).Average() * 0.8, $"Loss fell from {result.Losses[0]} to only {result.Losses[^1]}.");
        Assert.True(result.OnnxMaxDifference < 1e-4, $"Written model and head differ by {result.OnnxMaxDifference}.");
        Assert.False(File.Exists(Path.Combine(settings.OutputDirectory, "encoder-features.onnx")));
        using var scorer = ScorerFactory.Create(
            new ScorerOptions { ModelDirectory = settings.OutputDirectory, ExecutionProvider = "cpu", MaxLength = 32 }, NullLoggerFactory.Instance);
        var scores = await scorer.ScoreAsync("Is this answer right? (1000)", ["The answer is right.", "The answer is wrong."], CancellationToken.None);
        Assert.Equal(ScorerKind.CrossEncoder, scorer.Description.Kind);
        Assert.All(scores, score => Assert.InRange(score, -0.5f, 1.5f));
    }

    // tanh(x · W + b) · w + c in float64.
    private static double ReferenceHead(float[] features, ClassificationHead head)
    {
        var hidden = head.Hidden;
        var logit = (double)head.OutputBias[0];
        for (var o = 0; o < hidden; o++)
        {
            double z = head.DenseBias[o];
            for (var i = 0; i < hidden; i++)
            {
                z += features[i] * (double)head.DenseWeight[(i * hidden) + o];
            }

            logit += Math.Tanh(z) * head.OutputWeight[o];
        }

        return logit;
    }

    private TrainingSettings CreateJudgedSettings()
    {
        var source = SharedData.RequireFile("data/alpaca-judged-train.jsonl");
        var dataPath = Path.Combine(directory, "judged.jsonl");
        if (!File.Exists(dataPath))
        {
            File.WriteAllLines(dataPath, File.ReadLines(source).Take(DataRows));
        }

        return new TrainingSettings
        {
            DataPath = dataPath,
            OutputDirectory = Path.Combine(directory, "judged"),
            Mode = TrainingMode.Head,
            Epochs = 20,
            MaxLength = MaxLength,
            Seed = 1,
        };
    }

    private sealed class CancelOnLineWriter(string marker, CancellationTokenSource cancellation) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(marker, StringComparison.Ordinal) == true)
            {
                cancellation.Cancel();
            }
        }
    }
}
