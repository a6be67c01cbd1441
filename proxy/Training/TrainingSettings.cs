namespace Cappy.Proxy.Training;

/// <summary>Settings of one training run, with the defaults of the <c>train</c> command.</summary>
internal sealed record TrainingSettings
{
    public required string DataPath { get; init; }

    /// <summary><c>embedded</c> or a model directory with <c>model.onnx</c>, <c>config.json</c> and tokenizer files.</summary>
    public string BaseModel { get; init; } = BaseModelLoader.EmbeddedBase;

    public required string OutputDirectory { get; init; }

    /// <summary><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>What is trained: the whole network with TorchSharp, or only the head on frozen encoder features.</summary>
    public TrainingMode Mode { get; init; } = TrainingMode.Full;

    /// <summary>Peak learning rate of AdamW, reached at the end of the warm-up. Null takes the mode's default.</summary>
    public double? LearningRate { get; init; }

    /// <summary>
    /// The peak learning rate used: <see cref="LearningRate"/>, else 2e-5 for the full network and 1e-3 for the head
    /// alone. A frozen encoder cannot be damaged by large steps, and a head drawn from scratch needs them to move from
    /// its start within a few hundred steps.
    /// </summary>
    public double PeakLearningRate => LearningRate ?? (Mode == TrainingMode.Head ? 1e-3 : 2e-5);

    /// <summary>Passes over the data when <see cref="TargetExamples"/> is not set. Null takes the mode's default: 1 full, 10 head.</summary>
    public int? Epochs { get; init; }

    /// <summary>The number of passes used: <see cref="Epochs"/>, else 1 for the full network and 10 for the head alone.</summary>
    public int EpochCount => Epochs ?? (Mode == TrainingMode.Head ? 10 : 1);

    /// <summary>Share of the optimizer steps over which the learning rate rises linearly from 0; it then falls linearly to 0.</summary>
    public double WarmupRatio { get; init; } = 0.1;

    public double WeightDecay { get; init; }

    /// <summary>Examples per optimizer step; gradients of micro-batches are accumulated up to it.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Examples per forward and backward pass.</summary>
    public int MicroBatchSize { get; init; } = 16;

    /// <summary>Examples seen in training: the shuffled data is cut or repeated to this count. Null uses every example <see cref="EpochCount"/> times.</summary>
    public int? TargetExamples { get; init; }

    /// <summary>Tokens per (instruction, response) pair, special tokens included; longer pairs are truncated.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Seed of the data order, the new head's weights, reference negatives and dropout.</summary>
    public int Seed { get; init; } = 42;

    public IdFilter? IdFilter { get; init; }

    /// <summary>Optimizer steps between checkpoints in the output directory; 0 writes none.</summary>
    public int CheckpointEvery { get; init; } = 20;

    /// <summary>Continue from the checkpoint in the output directory when one exists.</summary>
    public bool Resume { get; init; }

    /// <summary>LibTorch CPU threads; 0 keeps LibTorch's default (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Lists every invalid setting; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LearningRate is { } rate && rate is <= 0 or > 1)
        {
            errors.Add($"--learning-rate must be in (0, 1], got {LearningRate}.");
        }

        if (WarmupRatio is < 0 or > 1)
        {
            errors.Add($"--warmup-ratio must be in [0, 1], got {WarmupRatio}.");
        }

        if (WeightDecay < 0)
        {
            errors.Add($"--weight-decay must be at least 0, got {WeightDecay}.");
        }

        if (MicroBatchSize < 1 || BatchSize < MicroBatchSize)
        {
            errors.Add($"--micro-batch-size must be at least 1 and at most --batch-size ({BatchSize}), got {MicroBatchSize}.");
        }

        if (Epochs is < 1)
        {
            errors.Add($"--epochs must be at least 1, got {Epochs}.");
        }

        if (TargetExamples is < 1)
        {
            errors.Add($"--examples must be at least 1, got {TargetExamples}.");
        }

        if (MaxLength < 8)
        {
            errors.Add($"--max-length must be at least 8 tokens, got {MaxLength}.");
        }

        if (IdFilter is { } filter && (filter.Modulo < 2 || filter.ExcludedRemainder < 0 || filter.ExcludedRemainder >= filter.Modulo))
        {
            errors.Add($"--id-modulo must be at least 2 and --exclude-remainder in [0, modulo), got {filter.Modulo} and {filter.ExcludedRemainder}.");
        }

        if (CheckpointEvery < 0)
        {
            errors.Add($"--checkpoint-every must be at least 0, got {CheckpointEvery}.");
        }

        if (Threads < 0)
        {
            errors.Add($"--threads must be at least 0, got {Threads}.");
        }

        return errors;
    }
}
