namespace Cappy.Scorer.Inference;

/// <summary>Checks <see cref="ScorerOptions"/> before anything is loaded and reports every invalid setting at once.</summary>
internal static class ScorerOptionsValidator
{
    /// <summary>
    /// Validates the options and returns the parsed execution provider. Throws <see cref="ArgumentException"/>
    /// whose message lists each invalid setting by name, with its value and the accepted values.
    /// </summary>
    public static ExecutionProviderSetting Validate(ScorerOptions options)
    {
        var errors = new List<string>();

        if (!ExecutionProviderSetting.TryParse(options.ExecutionProvider, out var provider))
        {
            errors.Add($"ExecutionProvider '{options.ExecutionProvider}' is invalid: expected auto, cpu, cuda or cuda:N (N a CUDA device number such as 0).");
        }

        if (options.MaxLength <= 0)
        {
            errors.Add($"MaxLength {options.MaxLength} is invalid: expected a positive number of tokens, e.g. 512.");
        }

        if (options.IntraOpThreads < 0)
        {
            errors.Add($"IntraOpThreads {options.IntraOpThreads} is invalid: expected 0 (ONNX Runtime chooses) or a positive thread count.");
        }

        if (!Enum.IsDefined(options.GraphOptimizationLevel))
        {
            errors.Add($"GraphOptimizationLevel {(int)options.GraphOptimizationLevel} is invalid: expected one of {string.Join(", ", Enum.GetNames(options.GraphOptimizationLevel.GetType()))}.");
        }

        if (string.IsNullOrWhiteSpace(options.Name))
        {
            errors.Add("Name is empty: expected the scorer's name for metrics and traces, e.g. default.");
        }

        var batching = options.Batching;
        if (batching is null)
        {
            errors.Add("Batching is missing: expected batching options.");
        }
        else
        {
            if (batching.MaxBatchRows < 1)
            {
                errors.Add($"Batching.MaxBatchRows {batching.MaxBatchRows} is invalid: expected at least 1 row.");
            }

            if (batching.MaxBatchTokens < 1)
            {
                errors.Add($"Batching.MaxBatchTokens {batching.MaxBatchTokens} is invalid: expected a positive number of padded tokens, e.g. 16384.");
            }

            if (batching.MaxQueueRows < batching.MaxBatchRows)
            {
                errors.Add($"Batching.MaxQueueRows {batching.MaxQueueRows} is invalid: expected at least MaxBatchRows ({batching.MaxBatchRows}).");
            }

            if (batching.BatchWindow < TimeSpan.Zero || batching.BatchWindow > TimeSpan.FromSeconds(1))
            {
                errors.Add($"Batching.BatchWindow {batching.BatchWindow.TotalMilliseconds} ms is invalid: expected 0 to 1000 ms.");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid scorer options: " + string.Join(" ", errors), nameof(options));
        }

        return provider;
    }
}
