namespace Cappy.Scorer;

/// <summary>
/// Event ids of every log message the scorer library writes, kept in one place so that ids stay unique and
/// stable for log queries.
/// </summary>
internal static class ScorerEventIds
{
    /// <summary>A scorer model was loaded and is ready to score.</summary>
    public const int ModelLoaded = 1000;

    /// <summary>The embedded general-purpose similarity model is in use instead of an exported Cappy model.</summary>
    public const int EmbeddedModelInUse = 1001;

    /// <summary>The CUDA execution provider failed to load and the <c>auto</c> setting fell back to the CPU.</summary>
    public const int CudaFallbackToCpu = 1002;

    /// <summary>One inference batch failed; the requests with rows in it fail with the error.</summary>
    public const int BatchFailed = 1010;

    /// <summary>The batching loop caught an unexpected error; the requests of that window fail with it.</summary>
    public const int BatchLoopFailed = 1011;
}
