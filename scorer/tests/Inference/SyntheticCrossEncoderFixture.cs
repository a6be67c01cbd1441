using Cappy.Scorer.Inference;
using Cappy.Scorer.Synthetic;
using Cappy.Testing;

namespace Cappy.Scorer.Tests.Inference;

/// <summary>
/// The tiny synthetic RoBERTa cross-encoder written once as an optimum-like model directory with the real
/// roberta-base tokenizer files, and one CPU scorer for it. Built on first use so that a test skips when the
/// tokenizer files are absent.
/// </summary>
public sealed class SyntheticCrossEncoderFixture : IDisposable
{
    private readonly TemporaryDirectory _directory = new("cappy-cross-encoder-");
    private readonly Lazy<IScorer> _scorer;

    public SyntheticCrossEncoderFixture()
    {
        _scorer = new Lazy<IScorer>(Load);
    }

    internal RecordingLoggerFactory Logs { get; } = new();

    /// <summary>The model directory: model.onnx, vocab.json, merges.txt and config.json.</summary>
    internal string DirectoryPath => _directory.Path;

    internal IScorer Scorer => _scorer.Value;

    public void Dispose()
    {
        if (_scorer.IsValueCreated)
        {
            _scorer.Value.Dispose();
        }

        _directory.Dispose();
    }

    private IScorer Load()
    {
        var vocabJson = SharedData.RequireFile("tokenizers/roberta-base/vocab.json");
        var merges = SharedData.RequireFile("tokenizers/roberta-base/merges.txt");
        RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, _directory.Path, vocabJson, merges);
        return ScorerFactory.Create(new ScorerOptions { ModelDirectory = _directory.Path, ExecutionProvider = "cpu" }, Logs);
    }
}
