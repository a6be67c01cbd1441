namespace Cappy.Proxy.Bench;

/// <summary>The figures of one <c>bench scorer</c> run and the settings that produced them.</summary>
internal sealed record ScorerBenchResult
{
    /// <summary>Execution provider the model ran on: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public required string Device { get; init; }

    public required string ModelName { get; init; }

    public required string ModelDirectory { get; init; }

    public required ScorerBenchSettings Settings { get; init; }

    /// <summary>Workload sizes after device defaults were applied.</summary>
    public required BenchDefaults Workload { get; init; }

    public required string CandidatesFile { get; init; }

    /// <summary>Sequence length every row is padded to in the padding baseline: the scorer's maximum length.</summary>
    public required int PadLength { get; init; }

    /// <summary>Rows per batch on both sides of the padding comparison.</summary>
    public required int PadBatchRows { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>The model's sizes for the FLOP count; null when its <c>config.json</c> lacks them.</summary>
    public required TransformerFlops? ModelFlops { get; init; }

    /// <summary>The full pipeline at each concurrency, lowest first.</summary>
    public required IReadOnlyList<PhaseResult> Pipeline { get; init; }

    /// <summary>The batches of the pipeline phase at <see cref="BenchDefaults.OverheadConcurrency"/>, replayed on the bare session.</summary>
    public required PhaseResult BareReplay { get; init; }

    /// <summary>The highest-concurrency workload run one request per batch, one batch at a time.</summary>
    public required PhaseResult Sequential { get; init; }

    public required PhaseResult DynamicPadding { get; init; }

    public required PhaseResult FixedPadding { get; init; }

    /// <summary>GFLOP/s of the MatMul probe on the same execution provider.</summary>
    public required double MatMulGflops { get; init; }

    public required long PeakWorkingSetBytes { get; init; }

    /// <summary>
    /// Whether the peak was reset just before the model loaded. When false, it also covers earlier work in the
    /// process, such as generating or quantizing the model.
    /// </summary>
    public required bool PeakWorkingSetSinceModelLoad { get; init; }

    /// <summary>
    /// The system's one-minute load average before and after the measured phases; null where unavailable. A value
    /// above the logical core count means other processes competed for the CPU.
    /// </summary>
    public required double? LoadAverageBefore { get; init; }

    public required double? LoadAverageAfter { get; init; }

    public PhaseResult OverheadPipeline => Pipeline.Single(phase => phase.Concurrency == Workload.OverheadConcurrency);

    public PhaseResult HighestConcurrency => Pipeline[^1];

    // Ratios divide tokens per second: for identical rows that equals the ratio of pairs per second, and it stays
    // fair when --max-seconds cut one side short.

    /// <summary>Pipeline throughput over bare session runs of the same batches; 1 means no overhead.</summary>
    public double PipelineVsRawRatio => OverheadPipeline.TokensPerSecond / BareReplay.TokensPerSecond;

    public double DynamicVsPadRatio => DynamicPadding.TokensPerSecond / FixedPadding.TokensPerSecond;

    public double BatchedVsSequentialRatio => HighestConcurrency.TokensPerSecond / Sequential.TokensPerSecond;

    /// <summary>Useful GFLOP/s of the pipeline at the highest concurrency.</summary>
    public double? Gflops => HighestConcurrency.Gflops;

    public double? GflopsPercentOfMatMul => Gflops / MatMulGflops * 100;

    public double PeakWorkingSetMb => PeakWorkingSetBytes / (1024.0 * 1024.0);
}
