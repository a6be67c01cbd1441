using System.CommandLine;
using System.Globalization;
using Cappy.Scorer;
using Cappy.Scorer.Batching;

namespace Cappy.Proxy.Cli;

/// <summary>
/// Flags shared by the server and the tools; each falls back to its environment variable. The scorer options are
/// added to each command that loads a scorer; the log format applies to every command.
/// </summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Model = new("--model")
    {
        Description = "Scorer model directory, as 'optimum-cli export onnx --task text-classification' writes it (model.onnx and tokenizer files). Default: the embedded all-MiniLM-L6-v2 similarity model. Env: CAPPY_MODEL.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_MODEL"),
    };

    public static readonly Option<string> Device = new("--device")
    {
        Description = "ONNX Runtime execution provider: auto (CUDA when it loads, else CPU), cpu, cuda or cuda:N. Env: CAPPY_DEVICE.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_DEVICE") ?? "auto",
    };

    public static readonly Option<int> MaxLength = new("--max-length")
    {
        Description = "Maximum tokens of one (instruction, response) row, special tokens included; longer pairs are truncated longest side first. Env: CAPPY_MAX_LENGTH.",
        DefaultValueFactory = _ => ReadInt("CAPPY_MAX_LENGTH", 512),
    };

    public static readonly Option<string> LogFormat = new("--log-format")
    {
        Description = "Log format on standard error: text or json (compact JSON, one event per line). Env: CAPPY_LOG_FORMAT.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_LOG_FORMAT") ?? "text",
        Recursive = true,
    };

    public static readonly Option<int> MaxBatchTokens = new("--max-batch-tokens")
    {
        Description = "Maximum padded tokens of one inference batch (rows × longest row), in tokens. Env: CAPPY_MAX_BATCH_TOKENS.",
        DefaultValueFactory = _ => ReadInt("CAPPY_MAX_BATCH_TOKENS", new BatchingOptions().MaxBatchTokens),
    };

    public static readonly Option<int> MaxBatchRows = new("--max-batch-rows")
    {
        Description = "Maximum (instruction, response) rows of one inference batch. Env: CAPPY_MAX_BATCH_ROWS.",
        DefaultValueFactory = _ => ReadInt("CAPPY_MAX_BATCH_ROWS", new BatchingOptions().MaxBatchRows),
    };

    public static readonly Option<int> MaxQueueRows = new("--max-queue-rows")
    {
        Description = "Maximum rows waiting for the scorer; a request past it is answered at once as the route's OnScorerOverload says. Env: CAPPY_MAX_QUEUE_ROWS.",
        DefaultValueFactory = _ => ReadInt("CAPPY_MAX_QUEUE_ROWS", new BatchingOptions().MaxQueueRows),
    };

    public static readonly Option<double> BatchWindowMilliseconds = new("--batch-window-ms")
    {
        Description = "Time the scorer waits for rows of other requests before it runs a batch, in milliseconds (0 to 1000). Env: CAPPY_BATCH_WINDOW_MS.",
        DefaultValueFactory = _ => ReadDouble("CAPPY_BATCH_WINDOW_MS", new BatchingOptions().BatchWindow.TotalMilliseconds),
    };

    /// <summary>The options every command that loads a scorer takes.</summary>
    public static IReadOnlyList<Option> ScorerOptions => [Model, Device, MaxLength, MaxBatchTokens, MaxBatchRows, MaxQueueRows, BatchWindowMilliseconds];

    static CommonOptions()
    {
        MaxLength.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < 8)
            {
                result.AddError($"--max-length must be at least 8 tokens, got {value}.");
            }
        });
        LogFormat.AcceptOnlyFromAmong("text", "json");
    }

    public static ScorerOptions ReadScorerOptions(ParseResult parseResult) => new()
    {
        ModelDirectory = parseResult.GetValue(Model),
        ExecutionProvider = parseResult.GetValue(Device) ?? "auto",
        MaxLength = parseResult.GetValue(MaxLength),
        Batching = new BatchingOptions
        {
            MaxBatchTokens = parseResult.GetValue(MaxBatchTokens),
            MaxBatchRows = parseResult.GetValue(MaxBatchRows),
            MaxQueueRows = parseResult.GetValue(MaxQueueRows),
            BatchWindow = TimeSpan.FromMilliseconds(parseResult.GetValue(BatchWindowMilliseconds)),
        },
    };

    public static int ReadInt(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public static double ReadDouble(string variable, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public static long ReadLong(string variable, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
