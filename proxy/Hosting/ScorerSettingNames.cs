using System.Text.RegularExpressions;

namespace Cappy.Proxy.Hosting;

/// <summary>
/// Rewrites the scorer library's setting names in its error messages into the proxy's command-line options, so a
/// user reads the flag they can change.
/// </summary>
internal static class ScorerSettingNames
{
    private static readonly (string Setting, string Option)[] Names =
    [
        ("Batching.MaxBatchTokens", "--max-batch-tokens (CAPPY_MAX_BATCH_TOKENS)"),
        ("Batching.MaxBatchRows", "--max-batch-rows (CAPPY_MAX_BATCH_ROWS)"),
        ("Batching.MaxQueueRows", "--max-queue-rows (CAPPY_MAX_QUEUE_ROWS)"),
        ("Batching.BatchWindow", "--batch-window-ms (CAPPY_BATCH_WINDOW_MS)"),
        ("ModelDirectory", "--model (CAPPY_MODEL)"),
        ("ExecutionProvider", "--device (CAPPY_DEVICE)"),
        ("MaxLength", "--max-length (CAPPY_MAX_LENGTH)"),
    ];

    /// <summary>Returns the exception's message with option names, without .NET's "(Parameter '...')" suffix.</summary>
    public static string Describe(Exception exception)
    {
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { } parameter })
        {
            message = message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal);
        }

        // Whole names only, because ONNX Runtime's messages contain longer names such as OrtSessionOptionsAppendExecutionProvider_Cuda.
        foreach (var (setting, option) in Names)
        {
            message = Regex.Replace(message, $@"(?<![\w.]){Regex.Escape(setting)}(?!\w)", _ => option, RegexOptions.CultureInvariant);
        }

        return message;
    }
}
