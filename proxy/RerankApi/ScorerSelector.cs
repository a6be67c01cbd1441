using Cappy.Proxy.Hosting;
using Cappy.Scorer;

namespace Cappy.Proxy.RerankApi;

/// <summary>Picks the scorer that a request's <c>model</c> field names.</summary>
internal static class ScorerSelector
{
    /// <summary>
    /// Returns the scorer and its registry name. No model selects the default scorer. A registry name selects
    /// that scorer, and otherwise the name of a loaded model (its directory name, or the embedded model's name)
    /// selects the first scorer that runs it, the default first. Any other name raises a 400 that lists the names.
    /// </summary>
    public static (string Name, IScorer Scorer) Select(ScorerRegistry scorers, string? model)
    {
        if (model is null)
        {
            return (ScorerRegistry.DefaultName, scorers.Default);
        }

        var candidates = scorers.Scorers
            .OrderBy(entry => entry.Key == ScorerRegistry.DefaultName ? 0 : 1)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .ToArray();
        foreach (var (name, scorer) in candidates)
        {
            if (string.Equals(name, model, StringComparison.OrdinalIgnoreCase))
            {
                return (name, scorer);
            }
        }

        foreach (var (name, scorer) in candidates)
        {
            if (string.Equals(scorer.Description.Name, model, StringComparison.OrdinalIgnoreCase))
            {
                return (name, scorer);
            }
        }

        var loaded = string.Join(", ", candidates.Select(entry => $"'{entry.Key}' ({entry.Value.Description.Name})"));
        throw JsonFieldReader.Invalid("model", $"model '{model}' is not loaded; use one of {loaded}, or leave model out for the default scorer.");
    }
}
