using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>
/// One embedded MiniLM scorer for every proxy test, so the 90 MB model loads once per test run.
/// </summary>
public sealed class ScorerFixture : IDisposable
{
    public ScorerFixture()
    {
        Scorer = ScorerFactory.Create(new ScorerOptions { ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
    }

    public IScorer Scorer { get; }

    public void Dispose() => Scorer.Dispose();
}
