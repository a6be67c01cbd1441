using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>An ONNX Runtime session and the execution provider it actually runs on.</summary>
/// <param name="Session">The loaded session; the owner disposes it.</param>
/// <param name="ExecutionProvider">The provider in use: <c>cpu</c> or <c>cuda:N</c>.</param>
internal sealed record LoadedSession(InferenceSession Session, string ExecutionProvider);
