using Cappy.Scorer;

namespace Cappy.Proxy.Hosting;

/// <summary>Passes calls to a scorer owned elsewhere and leaves its disposal to that owner.</summary>
internal sealed class NonDisposingScorer(IScorer inner) : IScorer
{
    public ScorerDescription Description => inner.Description;

    public ValueTask<float[]> ScoreAsync(string instruction, IReadOnlyList<string> responses, CancellationToken cancellationToken) =>
        inner.ScoreAsync(instruction, responses, cancellationToken);

    public void Dispose()
    {
    }
}
