namespace Cappy.Proxy.Eval;

/// <summary>
/// One candidate answer of a reranking example and its measured quality: the judged win probability of an
/// AlpacaEval answer, or the ROUGE-L F-measure of a Big-Bench sample against its references. AlpacaEval answers
/// carry the <c>Generator</c> (the model that wrote them); Big-Bench samples carry their <c>Decoding</c> method and,
/// when the data has them, the generating model's summed and mean token log-likelihoods.
/// </summary>
internal sealed record RerankCandidate(
    string Text,
    double Quality,
    string? Generator = null,
    string? Decoding = null,
    double? LogLikelihoodSum = null,
    double? LogLikelihoodMean = null);
