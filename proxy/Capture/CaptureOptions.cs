namespace Cappy.Proxy.Capture;

/// <summary>
/// The <c>Rerank:Capture</c> section of a route: whether each reranked request is appended as one JSON line
/// (instruction, candidates, scores, choice) to a rotating file, as training data for adapting the scorer.
/// </summary>
internal sealed record CaptureOptions
{
    /// <summary>Default of <see cref="MaxFileBytes"/>: 100 MiB.</summary>
    public const long DefaultMaxFileBytes = 100L * 1024 * 1024;

    /// <summary>Whether this route writes capture files. Off by default, because the files contain prompts and completions in clear text.</summary>
    public bool Enabled { get; init; }

    /// <summary>Directory of the capture files, relative to the proxy's current directory; created when missing.</summary>
    public string? Directory { get; init; }

    /// <summary>Maximum size of a file in bytes: a line that would take the file past it starts a new file. A longer line gets a file of its own.</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>Maximum number of this route's files in <see cref="Directory"/>. Starting a new file deletes the oldest beyond it, and 0 keeps all.</summary>
    public int MaxFiles { get; init; }
}
