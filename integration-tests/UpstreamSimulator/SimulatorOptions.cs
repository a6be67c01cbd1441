namespace Cappy.UpstreamSimulator;

/// <summary>Settings of one simulator instance; <see cref="Validate"/> lists every invalid value.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The model name used when a request names none.</summary>
    public const string DefaultModel = "simulated-model";

    /// <summary>
    /// Path of a JSON Lines file of <c>{"instruction", "candidates": [{"output"}]}</c> records, or null to
    /// generate text for every prompt.
    /// </summary>
    public string? CandidatesPath { get; init; }

    /// <summary>How the <c>n</c> request parameter is treated.</summary>
    public NMode NMode { get; init; } = NMode.Honor;

    /// <summary>Delay before every <c>/v1</c> response, in milliseconds; stream chunks are spaced by 1/20 of it.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Probability (0 to 1) that a valid chat or completions request fails with HTTP 500.</summary>
    public double FailureRate { get; init; }

    /// <summary>When above 0, every Nth valid chat or completions request fails with HTTP 500.</summary>
    public int FailEvery { get; init; }

    /// <summary>Seed of the failure sampling, the generated text and the logprob values.</summary>
    public int Seed { get; init; }

    /// <summary>The model name reported when a request names none, and listed by <c>GET /v1/models</c>.</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>Returns one message per invalid setting; empty when all settings are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CandidatesPath is not null && !File.Exists(CandidatesPath))
        {
            errors.Add($"CandidatesPath (--candidates) file not found: '{CandidatesPath}'; pass an existing JSON Lines file.");
        }

        if (!Enum.IsDefined(NMode))
        {
            errors.Add($"NMode (--n-mode) value {(int)NMode} is invalid; use honor, ignore or reject.");
        }

        if (LatencyMs < 0)
        {
            errors.Add($"LatencyMs (--latency-ms) is {LatencyMs}; use 0 or more milliseconds.");
        }

        if (double.IsNaN(FailureRate) || FailureRate < 0 || FailureRate > 1)
        {
            errors.Add($"FailureRate (--fail-rate) is {FailureRate}; use a probability from 0 to 1.");
        }

        if (FailEvery < 0)
        {
            errors.Add($"FailEvery (--fail-every) is {FailEvery}; use 0 to turn it off or a positive request count.");
        }

        if (FailEvery > 0 && FailureRate > 0)
        {
            errors.Add("FailureRate (--fail-rate) and FailEvery (--fail-every) are both set; choose one way of injecting failures.");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("Model (--model) is empty; pass a model name or leave the default.");
        }

        return errors;
    }
}
