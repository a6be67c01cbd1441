using System.Text.Json;
using Onnx;

namespace Cappy.Scorer.Synthetic;

/// <summary>
/// Writes RoBERTa sequence-classification ONNX models with seeded random weights: the inputs, output and
/// computation of an <c>optimum-cli export onnx --task text-classification</c> export of RoBERTa with one label,
/// but no trained weights. For tests and for benchmarks of a model's size.
/// </summary>
public static class RobertaOnnxGenerator
{
    /// <summary>ONNX IR version of the written file.</summary>
    public const long IrVersion = 8;

    /// <summary>Version of the default ONNX operator set that the graph imports.</summary>
    public const long OpsetVersion = 18;

    /// <summary>
    /// Writes <c>model.onnx</c> for <paramref name="config"/> to <paramref name="modelPath"/>, replacing any file there.
    /// The weights equal those <see cref="Generate"/> returns for the same config.
    /// </summary>
    /// <remarks>
    /// Tensors are drawn and written one at a time, so memory use stays near the largest tensor (the word embeddings,
    /// about 206 MB for <see cref="RobertaModelConfig.RobertaLarge"/>). The file is one protobuf without external data,
    /// so the whole model must stay under 2 GiB.
    /// <see cref="RobertaModelConfig.RobertaLarge"/> takes about 1.4 GB.
    /// </remarks>
    /// <exception cref="ArgumentException">The config is invalid.</exception>
    /// <exception cref="NotSupportedException">The model would reach protobuf's 2 GiB limit.</exception>
    public static void Write(RobertaModelConfig config, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        config.Validate();

        var sampler = new RobertaWeightSampler(config.Seed);
        WriteModel(config, modelPath, firstTokenOutput: false, (spec, values) => sampler.Fill(spec.Role, values));
    }

    /// <summary>
    /// Writes <c>model.onnx</c> for <paramref name="config"/> with the given weights instead of drawn ones, replacing
    /// any file there. <paramref name="weights"/> returns a tensor's values by the name that
    /// <see cref="RobertaTensorLayout.Create"/> lists, row-major with dense weights as [in, out].
    /// </summary>
    /// <remarks>With <paramref name="firstTokenOutput"/>, the graph also outputs the first token's final hidden state
    /// (the head's input) as <c>first_token_hidden_state</c>.</remarks>
    /// <exception cref="ArgumentException">The config is invalid, or a tensor has the wrong number of values.</exception>
    internal static void WriteWithWeights(RobertaModelConfig config, string modelPath, Func<string, float[]> weights, bool firstTokenOutput = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(weights);
        config.Validate();

        WriteModel(config, modelPath, firstTokenOutput, (spec, values) =>
        {
            var source = weights(spec.Name);
            if (source.Length != values.Length)
            {
                throw new ArgumentException(
                    $"Tensor {spec.Name} has {source.Length} values, but its shape [{string.Join(", ", spec.Dims)}] needs {values.Length}.",
                    nameof(weights));
            }

            source.CopyTo(values);
        });
    }

    private static void WriteModel(RobertaModelConfig config, string modelPath, bool firstTokenOutput, Action<RobertaTensorSpec, Span<float>> fill)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Cappy.Scorer.Synthetic",
            ProducerVersion = "1",
            Graph = RobertaGraphBuilder.Build(config, firstTokenOutput),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });

        using var stream = new FileStream(modelPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        OnnxModelFileWriter.Write(stream, model, RobertaTensorLayout.Create(config), fill);
    }

    /// <summary>
    /// Draws the weights of <paramref name="config"/> into memory, equal to those <see cref="Write"/> stores, for a
    /// reference implementation. <see cref="RobertaModelConfig.RobertaLarge"/> needs about 1.4 GB.
    /// </summary>
    /// <exception cref="ArgumentException">The config is invalid.</exception>
    public static RobertaWeights Generate(RobertaModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();

        var sampler = new RobertaWeightSampler(config.Seed);
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var spec in RobertaTensorLayout.Create(config))
        {
            var values = new float[spec.ElementCount];
            sampler.Fill(spec.Role, values);
            tensors.Add(spec.Name, values);
        }

        return new RobertaWeights(config, name => tensors[name]);
    }

    /// <summary>
    /// Writes a directory laid out like an optimum export: <c>model.onnx</c>, copies of the tokenizer's
    /// <c>vocab.json</c> and <c>merges.txt</c>, and a <c>config.json</c> that describes the model. Creates the
    /// directory if needed and replaces files of those names.
    /// </summary>
    /// <exception cref="FileNotFoundException">A tokenizer file does not exist.</exception>
    public static void WriteModelDirectory(RobertaModelConfig config, string directory, string vocabJsonPath, string mergesPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        RequireFile(vocabJsonPath, nameof(vocabJsonPath));
        RequireFile(mergesPath, nameof(mergesPath));
        config.Validate();

        Directory.CreateDirectory(directory);
        Write(config, Path.Combine(directory, "model.onnx"));
        File.Copy(vocabJsonPath, Path.Combine(directory, "vocab.json"), overwrite: true);
        File.Copy(mergesPath, Path.Combine(directory, "merges.txt"), overwrite: true);
        File.WriteAllText(Path.Combine(directory, "config.json"), CreateConfigJson(config));
    }

    /// <summary>
    /// Returns the <c>config.json</c> text of <paramref name="config"/>: the keys of a HuggingFace RobertaConfig or
    /// BertConfig for a sequence classifier with one label.
    /// </summary>
    internal static string CreateConfigJson(RobertaModelConfig config)
    {
        var bert = config.Family == EncoderFamily.Bert;
        var json = new Dictionary<string, object>
        {
            ["architectures"] = new[] { bert ? "BertForSequenceClassification" : "RobertaForSequenceClassification" },
            ["model_type"] = bert ? "bert" : "roberta",
            ["num_labels"] = 1,
            ["id2label"] = new Dictionary<string, string> { ["0"] = "LABEL_0" },
            ["label2id"] = new Dictionary<string, int> { ["LABEL_0"] = 0 },
            ["vocab_size"] = config.VocabularySize,
            ["hidden_size"] = config.Hidden,
            ["num_hidden_layers"] = config.Layers,
            ["num_attention_heads"] = config.Heads,
            ["intermediate_size"] = config.Intermediate,
            ["hidden_act"] = "gelu",
            ["max_position_embeddings"] = config.MaxPositions,
            ["type_vocab_size"] = config.TypeVocabularySize,
            ["layer_norm_eps"] = bert ? 1e-12 : 1e-5,
            ["initializer_range"] = RobertaWeightSampler.StandardDeviation,
            ["pad_token_id"] = config.PadTokenId,
            ["synthetic_seed"] = config.Seed,
        };
        if (!bert)
        {
            json["bos_token_id"] = 0;
            json["eos_token_id"] = 2;
        }

        return JsonSerializer.Serialize(json, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static void RequireFile(string path, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, parameterName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenizer file not found: {path}. Pass the path of an existing file as {parameterName}.", path);
        }
    }
}
