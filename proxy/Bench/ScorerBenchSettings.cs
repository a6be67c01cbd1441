using Cappy.Scorer;

namespace Cappy.Proxy.Bench;

/// <summary>Workload and ONNX Runtime settings of one <c>bench scorer</c> run.</summary>
internal sealed record ScorerBenchSettings
{
    /// <summary>Model and session settings. A null model directory selects the generated Cappy-large-sized model.</summary>
    public required ScorerOptions Scorer { get; init; }

    /// <summary>Directory with <c>vocab.json</c> and <c>merges.txt</c> for generating the default model; null to search.</summary>
    public string? TokenizerDirectory { get; init; }

    /// <summary>Directory that keeps the generated model between runs; null for the per-user cache directory.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>JSON lines of instructions with candidate answers; null to search for the shared AlpacaEval file.</summary>
    public string? CandidatesFile { get; init; }

    /// <summary>File for the figures as JSON; the SVG chart goes beside it. Null writes neither.</summary>
    public string? JsonFile { get; init; }

    /// <summary>Requests each concurrent client sends per phase; null picks the device default.</summary>
    public int? RequestsPerClient { get; init; }

    /// <summary>Requests whose rows the padding comparison runs; null picks the device default.</summary>
    public int? PadRequests { get; init; }

    /// <summary>Concurrency (1, 4 or 16) whose batches are replayed on the bare session; null picks the device default.</summary>
    public int? OverheadConcurrency { get; init; }

    /// <summary>Time budget of the measured phases in seconds; 0 for no limit.</summary>
    public double MaxSeconds { get; init; }

    /// <summary>Whether to quantize the model to int8 before measuring.</summary>
    public bool Int8 { get; init; }
}
