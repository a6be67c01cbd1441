using Cappy.Scorer.Models;
using Cappy.Scorer.Tokenization;
using Cappy.Testing;

namespace Cappy.Scorer.Tests.Tokenization;

/// <summary>The encoders under test, built from the shared RoBERTa files and the embedded MiniLM vocabulary.</summary>
internal static class TokenizerFixtures
{
    public const string RobertaDirectory = "tokenizers/roberta-base";
    public const string RobertaGoldenPairs = "tokenizers/roberta-base/golden-pairs.jsonl";
    public const string MiniLmGoldenPairs = "tokenizers/minilm-uncased/golden-pairs.jsonl";
    public const string MiniLmGoldenSingles = "tokenizers/minilm-uncased/golden-singles.jsonl";

    /// <summary>Maximum lengths the golden files were generated with.</summary>
    public const int RobertaMaxLength = 512;

    public const int MiniLmMaxLength = 256;

    private static readonly Lazy<WordPieceEncoder> MiniLm = new(CreateMiniLmUncased);

    /// <summary>Loads RoBERTa from the shared directory; skips the test when the files are absent.</summary>
    public static IPairEncoder Roberta()
    {
        var vocabPath = SharedData.RequireFile(RobertaDirectory + "/vocab.json");
        SharedData.RequireFile(RobertaDirectory + "/merges.txt");
        return PairEncoders.FromDirectory(Path.GetDirectoryName(vocabPath)!);
    }

    /// <summary>The uncased WordPiece encoder of the embedded MiniLM vocabulary.</summary>
    public static WordPieceEncoder MiniLmUncased() => MiniLm.Value;

    /// <summary>Creates a new uncased WordPiece encoder of the embedded MiniLM vocabulary.</summary>
    public static WordPieceEncoder CreateMiniLmUncased()
    {
        using var vocabulary = EmbeddedMiniLm.OpenVocabulary();
        return PairEncoders.CreateWordPiece(vocabulary, lowerCase: true);
    }
}
