namespace Cappy.Scorer.Inference;

/// <summary>The ONNX Runtime execution provider that the settings request.</summary>
internal enum ExecutionProviderKind
{
    /// <summary>CUDA when its libraries load, otherwise the CPU with one warning.</summary>
    Auto,

    /// <summary>The CPU execution provider only.</summary>
    Cpu,

    /// <summary>CUDA on one device; start-up fails when CUDA does not load.</summary>
    Cuda,
}
