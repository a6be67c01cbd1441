namespace Cappy.Scorer;

/// <summary>Identity of a loaded scorer, for start-up logs, readiness and response headers.</summary>
/// <param name="Name">Model name: the directory name, or the embedded model's name.</param>
/// <param name="Kind">How the model turns a pair into a score.</param>
/// <param name="ExecutionProvider">The ONNX Runtime execution provider in use, e.g. <c>cpu</c> or <c>cuda:0</c>.</param>
/// <param name="ModelPath">Path of the ONNX file, or null for the embedded default.</param>
public sealed record ScorerDescription(string Name, ScorerKind Kind, string ExecutionProvider, string? ModelPath);
