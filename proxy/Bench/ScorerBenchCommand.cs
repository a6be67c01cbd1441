using System.CommandLine;
using System.Globalization;
using Cappy.Proxy.Cli;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Batching;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Models;
using Serilog.Extensions.Logging;

namespace Cappy.Proxy.Bench;

/// <summary>
/// <c>bench scorer</c>: measures the scoring pipeline's throughput and its overheads on real candidate texts and
/// prints a table; <c>--json FILE</c> also writes the figures and an SVG chart.
/// </summary>
internal static class ScorerBenchCommand
{
    /// <summary>Replaces the shared --model option, whose default (the embedded MiniLM) does not apply here.</summary>
    private static readonly Option<string?> Model = new("--model")
    {
        Description = "Scorer model directory, as 'optimum-cli export onnx --task text-classification' writes it (model.onnx and tokenizer files). Default: a Cappy-large-sized model with random weights, generated once into --cache-dir. Env: CAPPY_MODEL.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_MODEL"),
    };

    private static readonly Option<string?> Json = new("--json")
    {
        Description = "Write the figures to this JSON file and a bar chart of pairs/s by concurrency beside it (same name, .svg). Env: CAPPY_BENCH_JSON.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_JSON"),
    };

    private static readonly Option<string?> Candidates = new("--candidates")
    {
        Description = "JSON lines {\"instruction\": ..., \"candidates\": [{\"output\": ...}, ...]} whose texts set the token lengths; each request scores 8 candidates. Default: data/alpaca-candidates.jsonl in the shared data directory beside the repository (or CAPPY_SHARED_DIR). Env: CAPPY_BENCH_CANDIDATES.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_CANDIDATES"),
    };

    private static readonly Option<string?> Tokenizer = new("--tokenizer")
    {
        Description = "Directory with the RoBERTa vocab.json and merges.txt, used once to generate the default model when --model is not given. Default: tokenizers/roberta-base in the shared data directory. Env: CAPPY_BENCH_TOKENIZER.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_TOKENIZER"),
    };

    private static readonly Option<string?> CacheDirectory = new("--cache-dir")
    {
        Description = "Directory that keeps the generated Cappy-large-sized model (about 1.4 GB) between runs. Default: $XDG_CACHE_HOME/cappy-proxy, else ~/.cache/cappy-proxy. Env: CAPPY_BENCH_CACHE_DIR.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_CACHE_DIR"),
    };

    private static readonly Option<int?> Requests = new("--requests")
    {
        Description = "Requests each concurrent client sends per phase, so the phase at C concurrent requests sends C × N requests. Default: 1 on the CPU, 32 on CUDA. Env: CAPPY_BENCH_REQUESTS.",
        DefaultValueFactory = _ => ReadOptionalInt("CAPPY_BENCH_REQUESTS"),
    };

    private static readonly Option<int?> PadRequests = new("--pad-requests")
    {
        Description = "Requests (8 rows each) of the padding comparison, which also pads every row to --max-length. Default: 2 on the CPU, 64 on CUDA. Env: CAPPY_BENCH_PAD_REQUESTS.",
        DefaultValueFactory = _ => ReadOptionalInt("CAPPY_BENCH_PAD_REQUESTS"),
    };

    private static readonly Option<int?> OverheadConcurrency = new("--overhead-concurrency")
    {
        Description = "Concurrency (1, 4 or 16) whose batches are replayed on the bare ONNX Runtime session to measure the pipeline's overhead. Default: 1 on the CPU, 16 on CUDA. Env: CAPPY_BENCH_OVERHEAD_CONCURRENCY.",
        DefaultValueFactory = _ => ReadOptionalInt("CAPPY_BENCH_OVERHEAD_CONCURRENCY"),
    };

    private static readonly Option<double> MaxSeconds = new("--max-seconds")
    {
        Description = "Time limit for the measured phases, in seconds, shared among them by planned work; a phase past its share starts no new requests but each still measures at least one. 0: no limit. Env: CAPPY_BENCH_MAX_SECONDS.",
        DefaultValueFactory = _ => double.TryParse(Environment.GetEnvironmentVariable("CAPPY_BENCH_MAX_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0,
    };

    private static readonly Option<string> GraphOptimization = new("--graph-optimization")
    {
        Description = "ONNX Runtime graph optimization level: disable, basic, extended or all. Env: CAPPY_BENCH_GRAPH_OPTIMIZATION.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_GRAPH_OPTIMIZATION") ?? "all",
    };

    private static readonly Option<int> IntraOpThreads = new("--intra-op-threads")
    {
        Description = "Threads ONNX Runtime uses inside one operator on the CPU; 0 lets ONNX Runtime choose (one per physical core). Env: CAPPY_BENCH_INTRA_OP_THREADS.",
        DefaultValueFactory = _ => CommonOptions.ReadInt("CAPPY_BENCH_INTRA_OP_THREADS", 0),
    };

    private static readonly Option<string> MemoryArena = new("--memory-arena")
    {
        Description = "ONNX Runtime's CPU memory arena: on keeps freed buffers for reuse, off returns them to the system after each run. Env: CAPPY_BENCH_MEMORY_ARENA.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_MEMORY_ARENA") ?? "on",
    };

    private static readonly Option<int> MaxBatchTokens = new("--max-batch-tokens")
    {
        Description = "Maximum padded tokens (rows × longest row) of one inference batch of the pipeline. Env: CAPPY_BENCH_MAX_BATCH_TOKENS.",
        DefaultValueFactory = _ => CommonOptions.ReadInt("CAPPY_BENCH_MAX_BATCH_TOKENS", new BatchingOptions().MaxBatchTokens),
    };

    private static readonly Option<int> MaxBatchRows = new("--max-batch-rows")
    {
        Description = "Maximum rows of one inference batch of the pipeline. Env: CAPPY_BENCH_MAX_BATCH_ROWS.",
        DefaultValueFactory = _ => CommonOptions.ReadInt("CAPPY_BENCH_MAX_BATCH_ROWS", new BatchingOptions().MaxBatchRows),
    };

    private static readonly Option<double> BatchWindow = new("--batch-window-ms")
    {
        Description = "Milliseconds the pipeline waits for rows of other requests before it runs a batch (0 to 1000). Env: CAPPY_BENCH_BATCH_WINDOW_MS.",
        DefaultValueFactory = _ => double.TryParse(Environment.GetEnvironmentVariable("CAPPY_BENCH_BATCH_WINDOW_MS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : new BatchingOptions().BatchWindow.TotalMilliseconds,
    };

    private static readonly Option<bool> Int8 = new("--int8")
    {
        Description = "Quantize the model's MatMul weights to int8 (dynamic quantization) into the cache directory, once per model, and benchmark the int8 model. Env: CAPPY_BENCH_INT8 (true or false).",
        DefaultValueFactory = _ => bool.TryParse(Environment.GetEnvironmentVariable("CAPPY_BENCH_INT8"), out var value) && value,
    };

    static ScorerBenchCommand()
    {
        GraphOptimization.AcceptOnlyFromAmong([.. BenchOptionValues.GraphOptimizationNames]);
        MemoryArena.AcceptOnlyFromAmong("on", "off");
        AddMinimum(Requests, 1, "requests per client");
        AddMinimum(PadRequests, 1, "requests");
        AddMinimum(IntraOpThreads, 0, "threads");
        AddMinimum(MaxBatchTokens, 1, "padded tokens");
        AddMinimum(MaxBatchRows, 1, "rows");
        OverheadConcurrency.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int?>();
            if (value is { } level && !ScorerBenchmark.ConcurrencyLevels.Contains(level))
            {
                result.AddError($"--overhead-concurrency must be one of {string.Join(", ", ScorerBenchmark.ConcurrencyLevels)}, got {level}.");
            }
        });
        MaxSeconds.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value >= 0))
            {
                result.AddError($"--max-seconds must be 0 (no limit) or a positive number of seconds, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
        BatchWindow.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value is >= 0 and <= 1000))
            {
                result.AddError($"--batch-window-ms must be between 0 and 1000 ms, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
    }

    public static Command Create()
    {
        var command = new Command(
            "scorer",
            "Benchmark the scorer: pipeline pairs/s and tokens/s at 1, 4 and 16 concurrent requests of 8 candidates, its overhead over bare ONNX Runtime runs, dynamic against max-length padding, cross-request batching against one request per batch, achieved GFLOP/s against a MatMul probe, and peak working set. " +
            "Without --model it generates a Cappy-large-sized model with random weights once and reuses it. Progress goes to standard error, the table to standard output.");
        Option[] options = [Model, CommonOptions.Device, CommonOptions.MaxLength, Json, Candidates, Tokenizer, CacheDirectory, Int8, Requests, PadRequests, OverheadConcurrency, MaxSeconds, GraphOptimization, IntraOpThreads, MemoryArena, MaxBatchTokens, MaxBatchRows, BatchWindow];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var settings = ReadSettings(parseResult);
        var progress = new BenchProgress(error);
        using var loggerFactory = new SerilogLoggerFactory(ProxyApplication.CreateLogger(parseResult.GetValue(CommonOptions.LogFormat)!), dispose: true);

        ScorerBenchResult result;
        try
        {
            var cacheDirectory = settings.CacheDirectory ?? BenchPaths.DefaultCacheDirectory();
            var modelDirectory = settings.Scorer.ModelDirectory
                ?? BenchModelCache.GetOrCreate(cacheDirectory, settings.TokenizerDirectory, progress.Report);
            if (settings.Int8)
            {
                modelDirectory = Int8ModelCache.GetOrCreate(modelDirectory, cacheDirectory, progress.Report);
            }

            var candidatesFile = settings.CandidatesFile
                ?? BenchPaths.FindSharedPath(BenchWorkload.SharedCandidatesFile)
                ?? throw new BenchSetupException($"The candidates file {BenchWorkload.SharedCandidatesFile} was not found in the shared data directory beside the repository or in CAPPY_SHARED_DIR. Pass --candidates FILE.");
            var requests = BenchWorkload.Load(candidatesFile);
            result = await ScorerBenchmark.RunAsync(settings, modelDirectory, Path.GetFullPath(candidatesFile), requests, loggerFactory, progress, cancellationToken);
        }
        catch (Exception exception) when (exception is BenchSetupException or ScorerModelException or ExecutionProviderException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"The scorer benchmark failed: {exception.Message}");
            return 1;
        }

        BenchTable.Write(output, result);
        if (settings.JsonFile is { } jsonFile)
        {
            var chartFile = Path.ChangeExtension(jsonFile, ".svg");
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonFile))!);
                BenchJson.Write(jsonFile, result);
                await File.WriteAllTextAsync(chartFile, BenchChart.Render(result), cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"The figures could not be written to {jsonFile} and {chartFile}: {exception.Message}");
                return 1;
            }

            await output.WriteLineAsync($"wrote {jsonFile} and {chartFile}");
        }

        return 0;
    }

    private static ScorerBenchSettings ReadSettings(ParseResult parseResult)
    {
        var scorer = new ScorerOptions
        {
            ModelDirectory = parseResult.GetValue(Model),
            ExecutionProvider = parseResult.GetValue(CommonOptions.Device) ?? "auto",
            MaxLength = parseResult.GetValue(CommonOptions.MaxLength),
        };
        scorer.GraphOptimizationLevel = BenchOptionValues.ParseGraphOptimization(parseResult.GetValue(GraphOptimization)!);
        scorer.IntraOpThreads = parseResult.GetValue(IntraOpThreads);
        scorer.EnableCpuMemArena = parseResult.GetValue(MemoryArena) == "on";
        scorer.Batching = new BatchingOptions
        {
            MaxBatchTokens = parseResult.GetValue(MaxBatchTokens),
            MaxBatchRows = parseResult.GetValue(MaxBatchRows),
            BatchWindow = TimeSpan.FromMilliseconds(parseResult.GetValue(BatchWindow)),
        };

        return new ScorerBenchSettings
        {
            Scorer = scorer,
            TokenizerDirectory = parseResult.GetValue(Tokenizer),
            CacheDirectory = parseResult.GetValue(CacheDirectory),
            CandidatesFile = parseResult.GetValue(Candidates),
            JsonFile = parseResult.GetValue(Json),
            RequestsPerClient = parseResult.GetValue(Requests),
            PadRequests = parseResult.GetValue(PadRequests),
            OverheadConcurrency = parseResult.GetValue(OverheadConcurrency),
            MaxSeconds = parseResult.GetValue(MaxSeconds),
            Int8 = parseResult.GetValue(Int8),
        };
    }

    private static void AddMinimum(Option<int> option, int minimum, string unit) =>
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum} {unit}, got {value}.");
            }
        });

    private static void AddMinimum(Option<int?> option, int minimum, string unit) =>
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int?>();
            if (value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum} {unit}, got {value}.");
            }
        });

    private static int? ReadOptionalInt(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
