using System.Text.Json;
using Cappy.Scorer.Models;
using Cappy.Scorer.Synthetic;

namespace Cappy.Proxy.Training;

/// <summary>
/// Loads the base model for training: the embedded all-MiniLM-L6-v2 encoder turned into a cross-encoder, or a model
/// directory with <c>config.json</c>, tokenizer files and the weights in <c>model.safetensors</c> (read first when
/// present) or <c>model.onnx</c>.
/// </summary>
internal static class BaseModelLoader
{
    /// <summary>The <c>--base</c> value that selects the embedded all-MiniLM-L6-v2 encoder.</summary>
    public const string EmbeddedBase = "embedded";

    private static readonly string[] TokenizerFileNames =
        ["vocab.json", "merges.txt", "vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"];

    /// <summary>
    /// Loads <paramref name="baseModel"/>. Tensors the base lacks (the regression head of a sentence encoder) are drawn
    /// from <paramref name="seed"/>: weights normal with standard deviation 0.02, biases 0. A BERT pooler becomes the
    /// head's dense layer, as HuggingFace's BertForSequenceClassification uses it.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing or invalid, or a tensor is missing or has the wrong size.</exception>
    public static BaseModel Load(string baseModel, int seed)
    {
        return string.Equals(baseModel, EmbeddedBase, StringComparison.OrdinalIgnoreCase)
            ? LoadEmbedded(seed)
            : LoadDirectory(baseModel, seed);
    }

    private static BaseModel LoadEmbedded(int seed)
    {
        // all-MiniLM-L6-v2's config.json: 6 layers, hidden 384, 12 heads, intermediate 1536, uncased vocabulary of 30,522.
        var config = new RobertaModelConfig(
            Layers: 6, Hidden: 384, Heads: 12, Intermediate: 1536, VocabularySize: 30_522, MaxPositions: 512, Seed: seed)
        {
            Family = EncoderFamily.Bert,
        };

        byte[] modelBytes;
        byte[] vocabulary;
        try
        {
            modelBytes = EmbeddedMiniLm.ReadModel();
            using var stream = EmbeddedMiniLm.OpenVocabulary();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            vocabulary = copy.ToArray();
        }
        catch (ScorerModelException exception)
        {
            throw new InvalidDataException(exception.Message, exception);
        }

        var weights = OnnxInitializerReader.Read(modelBytes, config.Family, "the embedded all-MiniLM-L6-v2 model");
        var initialized = Complete(config, weights, "the embedded all-MiniLM-L6-v2 model");
        var tokenizer = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["vocab.txt"] = vocabulary };
        return new BaseModel(EmbeddedBase, config, weights, tokenizer, initialized);
    }

    private static BaseModel LoadDirectory(string directory, int seed)
    {
        var path = Path.GetFullPath(directory);
        var onnxPath = Path.Combine(path, "model.onnx");
        var safetensorsPath = Path.Combine(path, "model.safetensors");
        var configPath = Path.Combine(path, "config.json");
        if (!File.Exists(configPath) || !(File.Exists(onnxPath) || File.Exists(safetensorsPath)))
        {
            throw new InvalidDataException(
                $"Base model directory {path} lacks config.json or weights. --base takes '{EmbeddedBase}' or a model directory with config.json, tokenizer files and model.safetensors or model.onnx.");
        }

        var config = ReadConfig(configPath, seed);
        var modelPath = File.Exists(safetensorsPath) ? safetensorsPath : onnxPath;
        var weights = modelPath == safetensorsPath
            ? SafetensorsReader.Read(safetensorsPath, config.Family)
            : OnnxInitializerReader.Read(File.ReadAllBytes(onnxPath), config.Family, onnxPath);
        var initialized = Complete(config, weights, modelPath);
        var tokenizer = TokenizerFileNames
            .Select(name => Path.Combine(path, name))
            .Where(File.Exists)
            .ToDictionary(file => Path.GetFileName(file), File.ReadAllBytes, StringComparer.Ordinal);
        return new BaseModel(path, config, weights, tokenizer, initialized);
    }

    private static RobertaModelConfig ReadConfig(string configPath, int seed)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configPath));
            var root = document.RootElement;
            var modelType = root.GetProperty("model_type").GetString();
            var family = modelType switch
            {
                "bert" => EncoderFamily.Bert,
                "roberta" => EncoderFamily.Roberta,
                _ => throw new InvalidDataException(
                    $"{configPath}: model_type '{modelType}' is not supported; expected 'bert' or 'roberta'."),
            };
            return new RobertaModelConfig(
                Layers: root.GetProperty("num_hidden_layers").GetInt32(),
                Hidden: root.GetProperty("hidden_size").GetInt32(),
                Heads: root.GetProperty("num_attention_heads").GetInt32(),
                Intermediate: root.GetProperty("intermediate_size").GetInt32(),
                VocabularySize: root.GetProperty("vocab_size").GetInt32(),
                MaxPositions: root.GetProperty("max_position_embeddings").GetInt32(),
                Seed: seed)
            {
                Family = family,
            };
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(
                $"{configPath} is not a valid model config: {exception.Message} It needs model_type, num_hidden_layers, hidden_size, num_attention_heads, intermediate_size, vocab_size and max_position_embeddings.",
                exception);
        }
    }

    // Draws the missing head tensors and checks that every tensor is present with its size. Returns the drawn names.
    private static List<string> Complete(RobertaModelConfig config, Dictionary<string, float[]> weights, string source)
    {
        var sampler = new RobertaWeightSampler(config.Seed);
        var initialized = new List<string>();
        var missing = new List<string>();
        foreach (var spec in RobertaTensorLayout.Create(config))
        {
            if (weights.TryGetValue(spec.Name, out var values))
            {
                if (values.LongLength != spec.ElementCount)
                {
                    throw new InvalidDataException(
                        $"Tensor {spec.Name} of {source} has {values.Length} values; the config's shape [{string.Join(", ", spec.Dims)}] needs {spec.ElementCount}.");
                }

                continue;
            }

            if (!spec.Name.StartsWith("classifier.", StringComparison.Ordinal))
            {
                missing.Add(spec.Name);
                continue;
            }

            values = new float[spec.ElementCount];
            if (spec.Role == RobertaTensorRole.Weight)
            {
                sampler.Fill(spec.Role, values);
            }

            weights[spec.Name] = values;
            initialized.Add(spec.Name);
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{source} lacks {missing.Count} tensors of a {config.Family} encoder, such as {string.Join(", ", missing.Take(3))}.");
        }

        return initialized;
    }
}
