using Cappy.Scorer.Batching;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer;

/// <summary>Settings that choose and load the scorer model.</summary>
public sealed class ScorerOptions
{
    /// <summary>
    /// Directory of an <c>optimum-cli export onnx --task text-classification</c> export (<c>model.onnx</c> and
    /// tokenizer files). Null selects the embedded all-MiniLM-L6-v2 bi-encoder.
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary><c>auto</c> (CUDA if it loads, else CPU), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string ExecutionProvider { get; set; } = "auto";

    /// <summary>Maximum tokens of one cross-encoder row, special tokens included.</summary>
    public int MaxLength { get; set; } = 512;

    /// <summary>Graph optimizations ONNX Runtime applies when it loads the model; all of them by default.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// Threads that ONNX Runtime uses inside one operator on the CPU. 0, the default, lets ONNX Runtime choose
    /// (one per physical core).
    /// </summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Name of the scorer in metrics and traces (the <c>scorer</c> label), which distinguishes several loaded
    /// scorers. The proxy sets it to <c>default</c> or to the scorer's name under <c>Scorers</c> in its route files.
    /// </summary>
    public string Name { get; set; } = "default";

    /// <summary>
    /// Whether ONNX Runtime keeps freed CPU buffers in its memory arena for reuse across runs; on by default, as in
    /// ONNX Runtime. Off returns memory to the system after each run, at the cost of allocating again in the next.
    /// </summary>
    public bool EnableCpuMemArena { get; set; } = true;

    /// <summary>Queue and batch limits of the scoring pipeline shared by all requests.</summary>
    public BatchingOptions Batching { get; set; } = new();
}
