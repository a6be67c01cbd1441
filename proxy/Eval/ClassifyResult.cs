namespace Cappy.Proxy.Eval;

/// <summary>
/// Multiple-choice results: each strategy's accuracy averaged over the datasets, and the scorer's accuracy on each
/// dataset, in first-seen order.
/// </summary>
internal sealed record ClassifyResult(IReadOnlyList<KeyValuePair<string, double>> Strategies, IReadOnlyList<KeyValuePair<string, double>> Datasets);
