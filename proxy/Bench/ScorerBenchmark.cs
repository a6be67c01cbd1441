using System.Diagnostics;
using System.Globalization;
using Cappy.Scorer;
using Cappy.Scorer.Batching;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;
using Microsoft.Extensions.Logging;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Runs the scorer benchmark's phases on one loaded model: the full pipeline at each concurrency, the same
/// batches on the bare session, one request per batch, dynamic against fixed padding, and a MatMul probe.
/// </summary>
internal sealed class ScorerBenchmark
{
    /// <summary>Concurrent requests of the pipeline phases, lowest first.</summary>
    public static IReadOnlyList<int> ConcurrencyLevels { get; } = [1, 4, 16];

    private const double MatMulProbeSeconds = 2;

    private readonly ScorerBenchSettings _settings;
    private readonly ScorerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly BenchProgress _progress;
    private IScoringModel _model = null!;
    private TransformerFlops? _flops;

    private ScorerBenchmark(ScorerBenchSettings settings, ScorerOptions options, ILoggerFactory loggerFactory, BenchProgress progress)
    {
        _settings = settings;
        _options = options;
        _loggerFactory = loggerFactory;
        _progress = progress;
    }

    /// <summary>Loads the model in <paramref name="modelDirectory"/> and runs every phase on it.</summary>
    public static Task<ScorerBenchResult> RunAsync(
        ScorerBenchSettings settings,
        string modelDirectory,
        string candidatesFile,
        IReadOnlyList<BenchRequest> requests,
        ILoggerFactory loggerFactory,
        BenchProgress progress,
        CancellationToken cancellationToken)
    {
        var options = CopyWithModel(settings.Scorer, modelDirectory);
        return new ScorerBenchmark(settings, options, loggerFactory, progress).RunAsync(modelDirectory, candidatesFile, requests, cancellationToken);
    }

    private async Task<ScorerBenchResult> RunAsync(string modelDirectory, string candidatesFile, IReadOnlyList<BenchRequest> requests, CancellationToken cancellationToken)
    {
        var peakCoversScorerOnly = PeakMemory.TryReset();
        _progress.Report($"Loading the model in {modelDirectory} (execution provider {_options.ExecutionProvider})");
        var loadStart = Stopwatch.GetTimestamp();
        using var scorer = ScorerFactory.Create(_options, _loggerFactory);
        _model = ((ScoringPipeline)scorer).Model;
        var device = _model.Description.ExecutionProvider;
        _flops = TransformerFlops.ReadConfig(modelDirectory);
        var defaults = BenchDefaults.For(device.StartsWith("cuda", StringComparison.Ordinal));
        var workload = new BenchDefaults(
            _settings.RequestsPerClient ?? defaults.RequestsPerClient,
            _settings.PadRequests ?? defaults.PadRequests,
            _settings.OverheadConcurrency ?? defaults.OverheadConcurrency);
        _progress.Report(Invariant($"Loaded on {device} in {Stopwatch.GetElapsedTime(loadStart).TotalSeconds:F1} s"));

        // Tokenized once here for planning; the pipeline phases tokenize again on their clients' threads.
        var sample = BenchWorkload.Sample(requests, ConcurrencyLevels[^1] * workload.RequestsPerClient);
        var sampleRows = sample.Select(request => _model.Encode(request.Instruction, request.Responses)).ToArray();
        var padRows = BenchWorkload.Sample(requests, workload.PadRequests)
            .SelectMany(request => _model.Encode(request.Instruction, request.Responses))
            .ToArray();

        // The first run of a batch shape grows ONNX Runtime's memory arena and is slower than later runs. The
        // untimed warm-up runs the first request's rows, the batch of the 1-concurrent phase, so that phase and its
        // bare replay (which runs after every phase) both find the arena grown for it.
        _model.Run(sampleRows[0], cancellationToken);
        var matMulGflops = MeasureMatMul(device);
        _progress.Report(Invariant($"MatMul probe ({MatMulProbe.M}x{MatMulProbe.K} by {MatMulProbe.K}x{MatMulProbe.N}, float32): {matMulGflops:F1} GFLOP/s"));

        var padLength = _options.MaxLength;
        var padBatchRows = BenchWorkload.CandidatesPerRequest;
        var pipelineWork = ConcurrencyLevels.Select(level => Work(sampleRows.Take(level * workload.RequestsPerClient).SelectMany(rows => rows))).ToArray();
        var overheadWork = pipelineWork[IndexOfLevel(workload.OverheadConcurrency)];
        var dynamicWork = Work(padRows);
        var fixedWork = padRows.Length * RowWork(padLength);
        var totalWork = pipelineWork.Sum() + overheadWork + pipelineWork[^1] + dynamicWork + fixedWork;
        _progress.Plan(totalWork, _flops is null ? null : matMulGflops * 1e9 / 2);
        var budget = new PhaseBudget(_settings.MaxSeconds, totalWork);
        var loadBefore = LoadAverage.ReadOneMinute();

        var pipeline = new List<PhaseResult>();
        IReadOnlyList<EncodedInput[]> overheadBatches = [];
        for (var i = 0; i < ConcurrencyLevels.Count; i++)
        {
            var level = ConcurrencyLevels[i];
            var (phase, batches) = await RunPipelineAsync(level, sample.Take(level * workload.RequestsPerClient).ToArray(), sampleRows, pipelineWork[i], budget, cancellationToken);
            pipeline.Add(phase);
            if (level == workload.OverheadConcurrency)
            {
                overheadBatches = batches;
            }
        }

        var bareReplay = RunBare(
            "bare_replay",
            Invariant($"bare session runs of the {workload.OverheadConcurrency}-concurrent batches"),
            overheadBatches,
            overheadWork,
            budget,
            deadline => BareSessionTimer.TimeDynamic(_model, overheadBatches, deadline));

        var highest = ConcurrencyLevels[^1];
        var sequential = await RunSequentialAsync(highest, sample.Take(highest * workload.RequestsPerClient).ToArray(), sampleRows, pipelineWork[^1], budget, cancellationToken);

        var dynamicBatches = BatchPacker.Pack(padRows, _options.Batching.MaxBatchTokens, padBatchRows)
            .Select(batch => batch.Select(index => padRows[index]).ToArray())
            .ToArray();
        var dynamicPadding = RunBare(
            "dynamic_padding",
            Invariant($"length-sorted batches of {padBatchRows}, padded to their longest row"),
            dynamicBatches,
            dynamicWork,
            budget,
            deadline => BareSessionTimer.TimeDynamic(_model, dynamicBatches, deadline));

        var fixedBatches = padRows.Chunk(padBatchRows).ToArray();
        var fixedPadding = RunBare(
            "pad_to_max_length",
            Invariant($"batches of {padBatchRows}, every row padded to {padLength}"),
            fixedBatches,
            fixedWork,
            budget,
            deadline => BareSessionTimer.TimeFixedLength(_model, fixedBatches, padLength, deadline),
            padLength);

        var loadAfter = LoadAverage.ReadOneMinute();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new ScorerBenchResult
        {
            Device = device,
            ModelName = _model.Description.Name,
            ModelDirectory = modelDirectory,
            Settings = _settings,
            Workload = workload,
            CandidatesFile = candidatesFile,
            PadLength = padLength,
            PadBatchRows = padBatchRows,
            Machine = MachineInfo.Read(),
            ModelFlops = _flops,
            Pipeline = pipeline,
            BareReplay = bareReplay,
            Sequential = sequential,
            DynamicPadding = dynamicPadding,
            FixedPadding = fixedPadding,
            MatMulGflops = matMulGflops,
            PeakWorkingSetBytes = process.PeakWorkingSet64,
            PeakWorkingSetSinceModelLoad = peakCoversScorerOnly,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = loadAfter,
        };
    }

    private async Task<(PhaseResult Phase, IReadOnlyList<EncodedInput[]> Batches)> RunPipelineAsync(
        int concurrency, BenchRequest[] requests, EncodedInput[][] sampleRows, double work, PhaseBudget budget, CancellationToken cancellationToken)
    {
        var description = Invariant($"pipeline, {Plural(concurrency, "concurrent request")}");
        _progress.StartPhase(Invariant($"{description}: {Plural(requests.Length, "request")} of {BenchWorkload.CandidatesPerRequest} pairs"));
        var deadline = budget.NextDeadline(work);
        var recorder = new BatchRecordingModel(_model);
        LoadRun run;
        using (var pipeline = new ScoringPipeline(recorder, _options.Batching, _loggerFactory.CreateLogger(typeof(ScoringPipeline).FullName!)))
        {
            run = await LoadGenerator.RunAsync(
                requests,
                concurrency,
                deadline,
                async (request, token) => await pipeline.ScoreAsync(request.Instruction, request.Responses, token),
                cancellationToken);
        }

        var batches = recorder.Batches;
        var rows = run.CompletedRequests.SelectMany(index => sampleRows[index]).ToArray();
        var phase = CreatePhase(Invariant($"pipeline_c{concurrency}"), description, concurrency, run.CompletedRequests.Length, rows, PaddedTokens(batches), run.Seconds);
        EndPhase(work, phase);
        return (phase, batches);
    }

    /// <summary>
    /// Serves the requests with the same number of concurrent clients but without the pipeline: each request's
    /// rows are one batch, and one batch runs at a time, as before requests were batched together.
    /// </summary>
    private async Task<PhaseResult> RunSequentialAsync(
        int concurrency, BenchRequest[] requests, EncodedInput[][] sampleRows, double work, PhaseBudget budget, CancellationToken cancellationToken)
    {
        var description = Invariant($"one request per batch, {concurrency} concurrent requests");
        _progress.StartPhase(Invariant($"{description}: {requests.Length} requests"));
        var deadline = budget.NextDeadline(work);
        using var gate = new SemaphoreSlim(1, 1);
        var run = await LoadGenerator.RunAsync(
            requests,
            concurrency,
            deadline,
            async (request, token) =>
            {
                var rows = _model.Encode(request.Instruction, request.Responses);
                await gate.WaitAsync(token);
                try
                {
                    _model.Combine(_model.Run(rows, token), request.Responses.Length);
                }
                finally
                {
                    gate.Release();
                }
            },
            cancellationToken);

        var completed = run.CompletedRequests.Select(index => sampleRows[index]).ToArray();
        var phase = CreatePhase("sequential", description, concurrency, completed.Length, completed.SelectMany(rows => rows).ToArray(), PaddedTokens(completed), run.Seconds);
        EndPhase(work, phase);
        return phase;
    }

    private PhaseResult RunBare(
        string name, string description, IReadOnlyList<EncodedInput[]> batches, double work, PhaseBudget budget, Func<long, BareRunTime> time, int? fixedLength = null)
    {
        _progress.StartPhase(Invariant($"{description}: {Plural(batches.Count, "batch", "batches")}, {Plural(batches.Sum(batch => batch.Length), "row")}"));
        var runTime = time(budget.NextDeadline(work));
        var run = batches.Take(runTime.Batches).ToArray();
        var padded = fixedLength is { } length ? run.Sum(batch => (long)batch.Length * length) : PaddedTokens(run);
        var phase = CreatePhase(name, description, 0, 0, run.SelectMany(rows => rows).ToArray(), padded, runTime.Seconds);
        EndPhase(work, phase);
        return phase;
    }

    private PhaseResult CreatePhase(string name, string description, int concurrency, int requests, EncodedInput[] rows, long paddedTokens, double seconds) =>
        new(name, description, concurrency, requests, rows.Length, rows.Sum(row => (long)row.Length), paddedTokens, seconds, _flops is null ? null : Work(rows));

    private void EndPhase(double work, PhaseResult phase) =>
        _progress.EndPhase(work, phase.Seconds, Invariant($"{phase.Pairs} pairs, {phase.PairsPerSecond:F2} pairs/s, {phase.TokensPerSecond:F0} tokens/s"));

    private double MeasureMatMul(string device)
    {
        var options = CopyWithModel(_options, _options.ModelDirectory);
        options.ExecutionProvider = device;
        if (!ExecutionProviderSetting.TryParse(device, out var provider))
        {
            throw new InvalidOperationException($"The scorer reported execution provider '{device}', which is not a valid setting.");
        }

        var sessions = new OnnxSessionFactory(options, provider, _loggerFactory.CreateLogger(typeof(MatMulProbe).FullName!));
        using var session = sessions.Load(MatMulProbe.BuildModel(), "MatMul probe").Session;
        return MatMulProbe.MeasureGflops(session, device, MatMulProbeSeconds);
    }

    /// <summary>Planned work of rows: their FLOPs, or their tokens when the model's sizes are unknown.</summary>
    private double Work(IEnumerable<EncodedInput> rows) => rows.Sum(row => RowWork(row.Length));

    private double RowWork(int tokens) => _flops?.RowFlops(tokens) ?? tokens;

    private static long PaddedTokens(IEnumerable<EncodedInput[]> batches) =>
        batches.Sum(batch => batch.Length == 0 ? 0 : (long)batch.Length * batch.Max(row => row.Length));

    private static int IndexOfLevel(int level)
    {
        for (var i = 0; i < ConcurrencyLevels.Count; i++)
        {
            if (ConcurrencyLevels[i] == level)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(level), level, $"Expected one of the concurrency levels {string.Join(", ", ConcurrencyLevels)}.");
    }

    private static ScorerOptions CopyWithModel(ScorerOptions options, string? modelDirectory) => new()
    {
        ModelDirectory = modelDirectory,
        ExecutionProvider = options.ExecutionProvider,
        MaxLength = options.MaxLength,
        GraphOptimizationLevel = options.GraphOptimizationLevel,
        IntraOpThreads = options.IntraOpThreads,
        EnableCpuMemArena = options.EnableCpuMemArena,
        Batching = options.Batching,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int count, string singular, string? plural = null) =>
        Invariant($"{count} {(count == 1 ? singular : plural ?? singular + "s")}");
}
