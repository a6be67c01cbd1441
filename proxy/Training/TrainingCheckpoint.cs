using System.Text.Json;
using TorchSharp;

namespace Cappy.Proxy.Training;

/// <summary>
/// A resumable state in <c>OUT/checkpoint/</c>: the network's parameters, AdamW's state, the steps done with their
/// losses, and what the run depends on (data hash and settings), so that a resume with other data is rejected.
/// </summary>
internal sealed class TrainingCheckpoint
{
    private const string DirectoryName = "checkpoint";
    private const string NetworkFile = "network.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public required int StepsDone { get; init; }

    public required List<double> Losses { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>SHA-256 of the data file and the settings that fix the data order and the schedule.</summary>
    public required string Fingerprint { get; init; }

    public static string PathIn(string outputDirectory) => Path.Combine(outputDirectory, DirectoryName);

    /// <summary>Writes the checkpoint, replacing the previous one only once every file is written.</summary>
    public void Save(string outputDirectory, CrossEncoderNetwork network, TorchSharp.Modules.AdamW optimizer)
    {
        var target = PathIn(outputDirectory);
        var staging = target + ".tmp";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        network.save(Path.Combine(staging, NetworkFile));
        optimizer.save_state_dict(Path.Combine(staging, OptimizerFile));
        File.WriteAllText(Path.Combine(staging, StateFile), JsonSerializer.Serialize(this, JsonOptions));
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.Move(staging, target);
    }

    /// <summary>Loads the checkpoint of <paramref name="outputDirectory"/> into the network and optimizer, or returns null when there is none.</summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to other data or settings.</exception>
    public static TrainingCheckpoint? Load(
        string outputDirectory, string fingerprint, CrossEncoderNetwork network, TorchSharp.Modules.AdamW optimizer)
    {
        var directory = PathIn(outputDirectory);
        var statePath = Path.Combine(directory, StateFile);
        if (!File.Exists(statePath))
        {
            return null;
        }

        var checkpoint = JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllText(statePath))
            ?? throw new InvalidDataException($"{statePath} is empty.");
        if (checkpoint.Fingerprint != fingerprint)
        {
            throw new InvalidDataException(
                $"The checkpoint in {directory} was written for other data or settings; delete it or train into another --out directory.");
        }

        network.load(Path.Combine(directory, NetworkFile));
        optimizer.load_state_dict(Path.Combine(directory, OptimizerFile));
        return checkpoint;
    }

    /// <summary>Deletes the checkpoint once the trained model is written.</summary>
    public static void Delete(string outputDirectory)
    {
        var directory = PathIn(outputDirectory);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
