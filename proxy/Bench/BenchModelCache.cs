using Cappy.Scorer.Synthetic;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Provides the default benchmark model: a RoBERTa-large-sized sequence classifier (the shape of Cappy-large)
/// with seeded random weights, generated once into the cache directory and reused by later runs.
/// </summary>
internal static class BenchModelCache
{
    /// <summary>Shape and seed of the generated model.</summary>
    public static RobertaModelConfig Config => RobertaModelConfig.RobertaLarge;

    /// <summary>Name of the generated model's directory inside the cache directory.</summary>
    public static string DirectoryName => $"bench-roberta-large-seed{Config.Seed}";

    /// <summary>Tokenizer directory, relative to the shared data directory, used when no --tokenizer is given.</summary>
    public const string SharedTokenizerDirectory = "tokenizers/roberta-base";

    /// <summary>
    /// Returns the cached model directory under <paramref name="cacheDirectory"/>, generating it first when it is
    /// missing. Generation writes to a temporary directory and renames it, so a directory with the final name is
    /// always complete.
    /// </summary>
    /// <exception cref="BenchSetupException">The tokenizer files are not found.</exception>
    public static string GetOrCreate(string cacheDirectory, string? tokenizerDirectory, Action<string> report)
    {
        var directory = Path.GetFullPath(Path.Combine(cacheDirectory, DirectoryName));
        if (Directory.Exists(directory))
        {
            return directory;
        }

        var (vocabulary, merges) = FindTokenizer(tokenizerDirectory);
        report($"Generating the Cappy-large-sized benchmark model (about 1.4 GB, seeded random weights) in {directory}; later runs reuse it.");
        var partial = $"{directory}.partial-{Environment.ProcessId}";
        try
        {
            RobertaOnnxGenerator.WriteModelDirectory(Config, partial, vocabulary, merges);
            Directory.Move(partial, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            // Another run finished generating the same model first; its copy is equal, so use it.
            Directory.Delete(partial, recursive: true);
        }
        catch
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            throw;
        }

        return directory;
    }

    private static (string Vocabulary, string Merges) FindTokenizer(string? tokenizerDirectory)
    {
        var directory = tokenizerDirectory ?? BenchPaths.FindSharedPath(SharedTokenizerDirectory);
        if (directory is null)
        {
            throw new BenchSetupException(
                $"The RoBERTa tokenizer for the generated benchmark model was not found (searched {SharedTokenizerDirectory} in the shared data directory beside the repository and in CAPPY_SHARED_DIR). " +
                "Pass --tokenizer DIR with a directory that contains vocab.json and merges.txt, or --model DIR with an exported model.");
        }

        var vocabulary = Path.Combine(directory, "vocab.json");
        var merges = Path.Combine(directory, "merges.txt");
        foreach (var file in new[] { vocabulary, merges })
        {
            if (!File.Exists(file))
            {
                throw new BenchSetupException($"Tokenizer file not found: {file}. Pass --tokenizer DIR with a directory that contains vocab.json and merges.txt.");
            }
        }

        return (vocabulary, merges);
    }
}
