namespace Cappy.Scorer;

/// <summary>
/// Scores responses to one instruction with a loaded model. Implementations are thread-safe.
/// </summary>
public interface IScorer : IDisposable
{
    /// <summary>What model runs, of which kind, on which execution provider.</summary>
    ScorerDescription Description { get; }

    /// <summary>
    /// Scores every response against the instruction in one padded batch and returns one score per
    /// response, in order. A pair's score does not depend on the other rows of the batch.
    /// </summary>
    ValueTask<float[]> ScoreAsync(string instruction, IReadOnlyList<string> responses, CancellationToken cancellationToken);
}
