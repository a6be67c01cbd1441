namespace Cappy.Proxy.Eval;

/// <summary>
/// Multiple-choice accuracy of the scorer's pick per dataset, and three strategies averaged over the datasets with
/// equal weight, as the Cappy paper's zero-shot table averages its tasks: <c>scorer</c>, <c>random</c> (the expected
/// accuracy of a uniform pick, correct options over options) and <c>oracle</c> (1 when any option is correct). An
/// example counts as right when its highest-scored option is a correct one. Among equal scores the first option in
/// file order wins, and a NaN score ranks last.
/// </summary>
internal static class ClassifyAccuracy
{
    /// <summary>Computes the accuracies from the scorer's scores of each example's options, in option order.</summary>
    public static ClassifyResult Compute(IReadOnlyList<ClassifyExample> examples, IReadOnlyList<IReadOnlyList<float>> scores)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(scores);
        var scorer = new StrategyAverages();
        var random = new StrategyAverages();
        var oracle = new StrategyAverages();
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            var optionScores = scores[i];
            var best = RerankStrategies.ArgMax(optionScores.Count, option => optionScores[option]);
            var correctOptions = example.Options.Count(option => option.IsCorrect);
            scorer.Add(example.Dataset, example.Options[best].IsCorrect ? 1 : 0);
            random.Add(example.Dataset, (double)correctOptions / example.Options.Count);
            oracle.Add(example.Dataset, correctOptions > 0 ? 1 : 0);
        }

        var datasets = scorer.Means();
        if (datasets.Count == 0)
        {
            return new ClassifyResult([], []);
        }

        KeyValuePair<string, double>[] strategies =
        [
            KeyValuePair.Create(RerankStrategies.Scorer, datasets.Average(pair => pair.Value)),
            KeyValuePair.Create(RerankStrategies.Random, random.Means().Average(pair => pair.Value)),
            KeyValuePair.Create(RerankStrategies.Oracle, oracle.Means().Average(pair => pair.Value)),
        ];
        return new ClassifyResult(strategies, datasets);
    }
}
