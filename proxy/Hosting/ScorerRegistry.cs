using System.Diagnostics.CodeAnalysis;
using Cappy.Scorer;

namespace Cappy.Proxy.Hosting;

/// <summary>
/// The scorer models loaded at start-up, by name: <c>default</c> from the command line, the others from the
/// <c>Scorers</c> section of the route files. A route picks one with its <c>Rerank:Scorer</c> setting.
/// </summary>
internal sealed class ScorerRegistry : IDisposable
{
    public const string DefaultName = "default";

    private readonly Dictionary<string, IScorer> _scorers;
    private readonly bool _ownsScorers;

    public ScorerRegistry(IReadOnlyDictionary<string, IScorer> scorers, bool ownsScorers)
    {
        _scorers = new Dictionary<string, IScorer>(scorers, StringComparer.OrdinalIgnoreCase);
        _ownsScorers = ownsScorers;
        if (!_scorers.ContainsKey(DefaultName))
        {
            throw new ArgumentException($"The scorer registry needs a scorer named '{DefaultName}'.", nameof(scorers));
        }
    }

    public IScorer Default => _scorers[DefaultName];

    public IReadOnlyDictionary<string, IScorer> Scorers => _scorers;

    /// <summary>Returns the named scorer; null names the default.</summary>
    public IScorer Get(string? name) => _scorers[name ?? DefaultName];

    public bool Contains(string name) => _scorers.ContainsKey(name);

    /// <summary>Finds the scorer named <paramref name="name"/>, or the default one for null.</summary>
    public bool TryGet(string? name, [NotNullWhen(true)] out IScorer? scorer) => _scorers.TryGetValue(name ?? DefaultName, out scorer);

    public void Dispose()
    {
        if (!_ownsScorers)
        {
            return;
        }

        foreach (var scorer in _scorers.Values)
        {
            scorer.Dispose();
        }
    }
}
