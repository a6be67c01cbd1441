namespace Cappy.Proxy.Eval;

/// <summary>
/// Running means of a quality value per strategy name, in the order each name was first added. A strategy that
/// does not apply to an example (a generator that did not answer it) is left out of that example's mean.
/// </summary>
internal sealed class StrategyAverages
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, (double Sum, int Count)> _totals = new(StringComparer.Ordinal);

    public void Add(string name, double value)
    {
        if (!_totals.TryGetValue(name, out var total))
        {
            _names.Add(name);
            total = (0, 0);
        }

        _totals[name] = (total.Sum + value, total.Count + 1);
    }

    /// <summary>Returns each strategy's mean, in first-added order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Means() =>
        _names.Select(name => KeyValuePair.Create(name, _totals[name].Sum / _totals[name].Count)).ToArray();
}
