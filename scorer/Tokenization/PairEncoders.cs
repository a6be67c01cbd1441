using Cappy.Scorer.Models;

namespace Cappy.Scorer.Tokenization;

/// <summary>
/// Factories for the <see cref="IPairEncoder"/> of a model: RoBERTa byte-level BPE or BERT WordPiece.
/// </summary>
public static class PairEncoders
{
    private const string BpeVocabularyFile = "vocab.json";
    private const string BpeMergesFile = "merges.txt";
    private const string WordPieceVocabularyFile = "vocab.txt";
    private const string ConfigurationFile = "tokenizer_config.json";

    private const string ExpectedFiles =
        "A byte-level BPE model directory needs vocab.json and merges.txt; a WordPiece one needs vocab.txt.";

    /// <summary>
    /// Creates the encoder for the tokenizer files in a model directory.
    /// </summary>
    /// <remarks>
    /// <c>vocab.json</c> with <c>merges.txt</c> gives a <see cref="RobertaBpeEncoder"/>. Otherwise <c>vocab.txt</c>
    /// gives a <see cref="WordPieceEncoder"/>, lowercasing unless an optional <c>tokenizer_config.json</c> sets
    /// <c>do_lower_case</c> to false.
    /// </remarks>
    /// <exception cref="ScorerModelException">
    /// When the directory or a needed file is missing, unreadable or not in the expected format.
    /// </exception>
    public static IPairEncoder FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new ScorerModelException($"Tokenizer directory not found: {directory}. {ExpectedFiles}", directory);
        }

        var vocabJsonPath = Path.Combine(directory, BpeVocabularyFile);
        var mergesPath = Path.Combine(directory, BpeMergesFile);
        var vocabTxtPath = Path.Combine(directory, WordPieceVocabularyFile);
        var hasVocabJson = File.Exists(vocabJsonPath);
        var hasMerges = File.Exists(mergesPath);

        if (hasVocabJson && hasMerges)
        {
            using var vocabJson = OpenFile(vocabJsonPath);
            using var merges = OpenFile(mergesPath);
            return RobertaBpeLoader.Create(vocabJson, vocabJsonPath, merges, mergesPath);
        }

        if (File.Exists(vocabTxtPath))
        {
            var lowerCase = true;
            var configPath = Path.Combine(directory, ConfigurationFile);
            if (File.Exists(configPath))
            {
                using var config = OpenFile(configPath);
                lowerCase = WordPieceLoader.ReadLowerCase(config, configPath);
            }

            using var vocabTxt = OpenFile(vocabTxtPath);
            return WordPieceLoader.Create(vocabTxt, vocabTxtPath, lowerCase);
        }

        // With half of a BPE pair present, the error names the missing other half.
        if (hasVocabJson)
        {
            throw new ScorerModelException($"Tokenizer file not found: {mergesPath}. {ExpectedFiles}", mergesPath);
        }

        if (hasMerges)
        {
            throw new ScorerModelException($"Tokenizer file not found: {vocabJsonPath}. {ExpectedFiles}", vocabJsonPath);
        }

        throw new ScorerModelException($"No tokenizer files found in {directory}. {ExpectedFiles}", directory);
    }

    /// <summary>Creates a RoBERTa byte-level BPE encoder from the contents of <c>vocab.json</c> and <c>merges.txt</c>.</summary>
    /// <remarks>The streams are read to the end and left open.</remarks>
    /// <exception cref="ScorerModelException">When a stream cannot be read or is not in the expected format.</exception>
    public static RobertaBpeEncoder CreateRoberta(Stream vocabJson, Stream merges)
    {
        ArgumentNullException.ThrowIfNull(vocabJson);
        ArgumentNullException.ThrowIfNull(merges);
        return RobertaBpeLoader.Create(vocabJson, BpeVocabularyFile, merges, BpeMergesFile);
    }

    /// <summary>Creates a BERT WordPiece encoder from the contents of <c>vocab.txt</c>.</summary>
    /// <param name="vocabTxt">The vocabulary, one token a line; read to the end and left open.</param>
    /// <param name="lowerCase">True for uncased vocabularies: lowercase and strip accents before splitting.</param>
    /// <exception cref="ScorerModelException">When the stream cannot be read or lacks a BERT special token.</exception>
    public static WordPieceEncoder CreateWordPiece(Stream vocabTxt, bool lowerCase)
    {
        ArgumentNullException.ThrowIfNull(vocabTxt);
        return WordPieceLoader.Create(vocabTxt, WordPieceVocabularyFile, lowerCase);
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScorerModelException($"Tokenizer file not found: {path}. {ExpectedFiles}", path, exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ScorerModelException($"Tokenizer file could not be read: {path}. {exception.Message}", path, exception);
        }
    }
}
