using Cappy.Scorer.Inference;
using Cappy.Testing;

namespace Cappy.Scorer.Tests.Inference;

/// <summary>One embedded MiniLM scorer on the CPU, shared by a test class because loading it takes a second.</summary>
public sealed class EmbeddedScorerFixture : IDisposable
{
    internal RecordingLoggerFactory Logs { get; } = new();

    internal IScorer Scorer { get; }

    public EmbeddedScorerFixture()
    {
        Scorer = ScorerFactory.Create(new ScorerOptions { ExecutionProvider = "cpu" }, Logs);
    }

    public void Dispose() => Scorer.Dispose();
}
