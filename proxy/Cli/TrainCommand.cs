using System.CommandLine;
using System.Globalization;
using Cappy.Proxy.Training;
using Cappy.Scorer.Models;

namespace Cappy.Proxy.Cli;

/// <summary>
/// <c>train</c>: fine-tunes a cross-encoder scorer on labelled (instruction, response) pairs and writes a model
/// directory that the proxy loads with <c>--model</c>. <c>--mode full</c> trains every weight with TorchSharp;
/// <c>--mode head</c> trains only the classification head on frozen encoder features and needs no LibTorch.
/// </summary>
internal static class TrainCommand
{
    private static readonly Option<string> Data = new("--data")
    {
        Description = "JSON Lines training data: {\"instruction\", \"response\", \"label\"} lines, or judged answers {\"id\", \"instruction\", \"answers\": [{\"output\", \"win_prob\"}]}; an optional \"references\" field adds label-1 and label-0 pairs.",
        Required = true,
    };

    private static readonly Option<string> Base = new("--base")
    {
        Description = "Model to start from: 'embedded' (the built-in all-MiniLM-L6-v2 encoder with a new regression head) or a BERT or RoBERTa model directory with config.json, tokenizer files and model.safetensors or model.onnx.",
        DefaultValueFactory = _ => BaseModelLoader.EmbeddedBase,
    };

    private static readonly Option<string> Output = new("--out")
    {
        Description = "Directory to write the trained model into (model.onnx, tokenizer files, config.json, training.json, loss.png) and to keep checkpoints in; created if missing.",
        Required = true,
    };

    private static readonly Option<string> Mode = new("--mode")
    {
        Description = "full: fine-tune every weight with TorchSharp (needs LibTorch). head: keep the encoder frozen, compute its first-token features once with ONNX Runtime and train only the classification head in C#.",
        DefaultValueFactory = _ => "full",
    };

    private static readonly Option<int?> Epochs = new("--epochs")
    {
        Description = "Passes over the data when --examples is not given. Default: 1 for --mode full, 10 for --mode head.",
    };

    private static readonly Option<string> Device = new("--device")
    {
        Description = "Training device of --mode full: auto (CUDA when TorchSharp finds it, else the CPU), cpu, cuda or cuda:N. --mode head runs on the CPU.",
        DefaultValueFactory = _ => "auto",
    };

    private static readonly Option<double?> LearningRate = new("--learning-rate")
    {
        Description = "Peak AdamW learning rate. Default: 2e-5 for --mode full, 1e-3 for --mode head.",
    };

    private static readonly Option<double> WarmupRatio = new("--warmup-ratio")
    {
        Description = "Share of the optimizer steps with a linearly rising learning rate; it then falls linearly to 0.",
        DefaultValueFactory = _ => 0.1,
    };

    private static readonly Option<double> WeightDecay = new("--weight-decay")
    {
        Description = "AdamW weight decay.",
        DefaultValueFactory = _ => 0.0,
    };

    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Examples per optimizer step (the effective batch); gradients are accumulated over micro-batches.",
        DefaultValueFactory = _ => 128,
    };

    private static readonly Option<int> MicroBatchSize = new("--micro-batch-size")
    {
        Description = "Examples per forward and backward pass of --mode full.",
        DefaultValueFactory = _ => 16,
    };

    private static readonly Option<int?> Examples = new("--examples")
    {
        Description = "Examples seen in training: the shuffled data is cut or repeated to this count. Default: every example --epochs times.",
    };

    private static readonly Option<int> MaxLength = new("--max-length")
    {
        Description = "Tokens per (instruction, response) pair including special tokens; longer pairs are truncated (longest first).",
        DefaultValueFactory = _ => 256,
    };

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of the data order, the new head's weights, reference negatives and dropout.",
        DefaultValueFactory = _ => 42,
    };

    private static readonly Option<int?> IdModulo = new("--id-modulo")
    {
        Description = "With --exclude-remainder: skip data lines whose integer id leaves that remainder when divided by this number (holds those instructions out for evaluation).",
    };

    private static readonly Option<int> ExcludeRemainder = new("--exclude-remainder")
    {
        Description = "Remainder of id / --id-modulo whose lines are skipped.",
        DefaultValueFactory = _ => 0,
    };

    private static readonly Option<int> CheckpointEvery = new("--checkpoint-every")
    {
        Description = "Optimizer steps between checkpoints in OUT/checkpoint (--mode full); 0 writes none.",
        DefaultValueFactory = _ => 20,
    };

    private static readonly Option<bool> Resume = new("--resume")
    {
        Description = "Continue from the checkpoint in --out when one exists (same data and settings). --mode head always reuses the features cached in --out.",
    };

    private static readonly Option<int> Threads = new("--threads")
    {
        Description = "CPU threads of LibTorch (--mode full) or of ONNX Runtime's feature pass (--mode head); 0 keeps the library's default of one per core.",
        DefaultValueFactory = _ => 0,
    };

    public static Command Create()
    {
        Mode.AcceptOnlyFromAmong("full", "head");
        var command = new Command("train", "Fine-tune a cross-encoder scorer on labelled (instruction, response) pairs and write a model directory for --model.");
        foreach (var option in new Option[]
        {
            Data, Base, Output, Mode, Epochs, Device, LearningRate, WarmupRatio, WeightDecay, BatchSize, MicroBatchSize, Examples, MaxLength,
            Seed, IdModulo, ExcludeRemainder, CheckpointEvery, Resume, Threads,
        })
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var settings = new TrainingSettings
        {
            DataPath = parseResult.GetValue(Data)!,
            BaseModel = parseResult.GetValue(Base)!,
            OutputDirectory = Path.GetFullPath(parseResult.GetValue(Output)!),
            Mode = parseResult.GetValue(Mode) == "head" ? TrainingMode.Head : TrainingMode.Full,
            Epochs = parseResult.GetValue(Epochs),
            Device = parseResult.GetValue(Device)!,
            LearningRate = parseResult.GetValue(LearningRate),
            WarmupRatio = parseResult.GetValue(WarmupRatio),
            WeightDecay = parseResult.GetValue(WeightDecay),
            BatchSize = parseResult.GetValue(BatchSize),
            MicroBatchSize = parseResult.GetValue(MicroBatchSize),
            TargetExamples = parseResult.GetValue(Examples),
            MaxLength = parseResult.GetValue(MaxLength),
            Seed = parseResult.GetValue(Seed),
            IdFilter = parseResult.GetValue(IdModulo) is { } modulo ? new IdFilter(modulo, parseResult.GetValue(ExcludeRemainder)) : null,
            CheckpointEvery = parseResult.GetValue(CheckpointEvery),
            Resume = parseResult.GetValue(Resume),
            Threads = parseResult.GetValue(Threads),
        };

        TrainingResult result;
        try
        {
            result = settings.Mode == TrainingMode.Head
                ? await HeadTrainer.RunAsync(settings, Console.Error, cancellationToken)
                : await ScorerTrainer.RunAsync(settings, Console.Error, cancellationToken);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException or ScorerModelException)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained {result.ExamplesSeen} examples in {result.ElapsedSeconds:F0} s on {result.Device}; loss {result.Losses[0]:F4} at step 1, {result.Losses[^1]:F4} at step {result.Losses.Count}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {settings.OutputDirectory}; the written ONNX model's scores differ from the trained {(settings.Mode == TrainingMode.Head ? "head's" : "network's")} by at most {result.OnnxMaxDifference:G3}."));
        return 0;
    }
}
