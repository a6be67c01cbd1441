namespace Cappy.Proxy.Training;

/// <summary>The examples read from a training file, with counts and the file's hash for <c>training.json</c>.</summary>
/// <param name="Examples">Every example in file order, references after the judged answers.</param>
/// <param name="RowsUsed">Lines whose examples were kept.</param>
/// <param name="RowsExcluded">Lines left out by the id filter.</param>
/// <param name="ReferenceExamples">Examples made from <c>references</c> fields: label 1 for a row's own, 0 for another row's.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the file's bytes.</param>
internal sealed record TrainingData(
    IReadOnlyList<TrainingExample> Examples,
    int RowsUsed,
    int RowsExcluded,
    int ReferenceExamples,
    string Sha256);
