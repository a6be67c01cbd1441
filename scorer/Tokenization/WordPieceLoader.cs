using System.Text;
using System.Text.Json;
using Cappy.Scorer.Models;
using Microsoft.ML.Tokenizers;

namespace Cappy.Scorer.Tokenization;

/// <summary>
/// Builds a <see cref="WordPieceEncoder"/> from a <c>vocab.txt</c> and reads the casing of an optional
/// <c>tokenizer_config.json</c>.
/// </summary>
internal static class WordPieceLoader
{
    private const string ClassificationToken = "[CLS]";
    private const string SeparatorToken = "[SEP]";
    private const string PadToken = "[PAD]";
    private const string UnknownToken = "[UNK]";
    private const string MaskToken = "[MASK]";

    /// <param name="vocabTxt">The vocabulary, one token a line; the line number (from 0) is the id.</param>
    /// <param name="vocabName">The vocabulary's path or file name, used in error messages.</param>
    /// <param name="lowerCase">Whether to lowercase and strip accents, as for an uncased BERT vocabulary.</param>
    /// <exception cref="ScorerModelException">When the vocabulary cannot be read or lacks a BERT special token.</exception>
    public static WordPieceEncoder Create(Stream vocabTxt, string vocabName, bool lowerCase)
    {
        var contents = ReadAll(vocabTxt, vocabName);
        var vocabulary = ParseVocabulary(contents);

        var classificationId = RequireToken(vocabulary, ClassificationToken, vocabName);
        var separatorId = RequireToken(vocabulary, SeparatorToken, vocabName);
        var padId = RequireToken(vocabulary, PadToken, vocabName);
        RequireToken(vocabulary, UnknownToken, vocabName);

        var specialTokens = new List<(string Text, int Id, bool StripLeft)>
        {
            (ClassificationToken, classificationId, false),
            (SeparatorToken, separatorId, false),
            (PadToken, padId, false),
            (UnknownToken, vocabulary[UnknownToken], false),
        };
        if (vocabulary.TryGetValue(MaskToken, out var maskId))
        {
            specialTokens.Add((MaskToken, maskId, false));
        }

        // The encoder normalizes and splits words itself, so the tokenizer only runs WordPiece on one word.
        // A word of up to MaxCodePointsPerWord code points has at most twice as many UTF-16 units.
        var options = new WordPieceOptions
        {
            UnknownToken = UnknownToken,
            ContinuingSubwordPrefix = "##",
            MaxInputCharsPerWord = 2 * WordPieceEncoder.MaxCodePointsPerWord,
        };

        WordPieceTokenizer tokenizer;
        try
        {
            using var stream = new MemoryStream(contents, writable: false);
            tokenizer = WordPieceTokenizer.Create(stream, options);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new ScorerModelException($"Invalid WordPiece vocabulary {vocabName}: {exception.Message}", vocabName, exception);
        }

        // HuggingFace's BertNormalizer strips accents exactly when it lowercases unless its strip_accents option
        // is set, and the tokenizer_config.json files of uncased BERT models leave it unset.
        return new WordPieceEncoder(
            tokenizer,
            new BertTextNormalizer(lowerCase),
            new SpecialTokenMatcher(specialTokens),
            classificationId,
            separatorId,
            padId);
    }

    /// <summary>
    /// Reads <c>do_lower_case</c> from a <c>tokenizer_config.json</c>; true when the setting is absent.
    /// </summary>
    /// <exception cref="ScorerModelException">When the file is not a JSON object or the setting is not a boolean.</exception>
    public static bool ReadLowerCase(Stream configJson, string configName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(configJson);
        }
        catch (JsonException exception)
        {
            throw new ScorerModelException(
                $"Invalid tokenizer configuration {configName}: expected a JSON object ({exception.Message}).",
                configName,
                exception);
        }
        catch (IOException exception)
        {
            throw new ScorerModelException($"Tokenizer file could not be read: {configName}. {exception.Message}", configName, exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ScorerModelException($"Invalid tokenizer configuration {configName}: expected a JSON object.", configName);
            }

            if (!document.RootElement.TryGetProperty("do_lower_case", out var setting))
            {
                return true;
            }

            return setting.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new ScorerModelException(
                    $"Invalid tokenizer configuration {configName}: do_lower_case must be true or false, not {setting.GetRawText()}.",
                    configName),
            };
        }
    }

    private static byte[] ReadAll(Stream stream, string name)
    {
        try
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (IOException exception)
        {
            throw new ScorerModelException($"Tokenizer file could not be read: {name}. {exception.Message}", name, exception);
        }
    }

    /// <summary>Maps each token to its line number; a token listed twice keeps its last line, as in HuggingFace.</summary>
    private static Dictionary<string, int> ParseVocabulary(byte[] contents)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = new StreamReader(new MemoryStream(contents, writable: false), Encoding.UTF8);
        var id = 0;
        while (reader.ReadLine() is { } line)
        {
            vocabulary[line.TrimEnd()] = id;
            id++;
        }

        return vocabulary;
    }

    private static int RequireToken(Dictionary<string, int> vocabulary, string token, string vocabName)
    {
        if (!vocabulary.TryGetValue(token, out var id))
        {
            throw new ScorerModelException(
                $"Invalid WordPiece vocabulary {vocabName}: the special token {token} is missing. A BERT vocab.txt lists one token a line, including [CLS], [SEP], [PAD] and [UNK].",
                vocabName);
        }

        return id;
    }
}
