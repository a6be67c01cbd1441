namespace Cappy.Scorer.Tests.Quantization;

/// <summary>How far a quantized model's logits are from float32 over a set of instructions and their candidate answers.</summary>
/// <param name="MaxAbsoluteError">Largest |quantized − float32| over all rows.</param>
/// <param name="Spearman">Rank correlation over all rows.</param>
/// <param name="TopOneAgreement">Instructions whose best-scored answer is the same in both models.</param>
internal sealed record LogitComparison(double MaxAbsoluteError, double Spearman, int TopOneAgreement);
