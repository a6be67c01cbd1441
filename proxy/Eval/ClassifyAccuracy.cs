namespace Cappy.Proxy.Eval;

/// <summary>
/// Multiple-choice accuracy per dataset and their unweighted average (<c>average</c>). An example counts as right
/// when its highest-scored option is a correct one. Among equal scores the first option in file order wins, and a
/// NaN score ranks last.
/// </summary>
internal static class ClassifyAccuracy
{
    public const string Average = "average";

    /// <summary>Computes the accuracies from the scorer's scores of each example's options, in option order.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Compute(IReadOnlyList<ClassifyExample> examples, IReadOnlyList<IReadOnlyList<float>> scores)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(scores);
        var perDataset = new StrategyAverages();
        for (var i = 0; i < examples.Count; i++)
        {
            var optionScores = scores[i];
            var best = RerankStrategies.ArgMax(optionScores.Count, option => optionScores[option]);
            perDataset.Add(examples[i].Dataset, examples[i].Options[best].IsCorrect ? 1 : 0);
        }

        var accuracies = perDataset.Means();
        if (accuracies.Count == 0)
        {
            return accuracies;
        }

        return [.. accuracies, KeyValuePair.Create(Average, accuracies.Average(pair => pair.Value))];
    }
}
