using System.Text;
using System.Text.Json;
using Cappy.Scorer.Models;
using Microsoft.ML.Tokenizers;

namespace Cappy.Scorer.Tokenization;

/// <summary>
/// Builds a <see cref="RobertaBpeEncoder"/> from a <c>vocab.json</c> and a <c>merges.txt</c>.
/// </summary>
internal static class RobertaBpeLoader
{
    private const string BeginToken = "<s>";
    private const string PadToken = "<pad>";
    private const string EndToken = "</s>";
    private const string UnknownToken = "<unk>";
    private const string MaskToken = "<mask>";

    /// <param name="vocabJson">A JSON object that maps each token to its id.</param>
    /// <param name="vocabName">The vocabulary's path or file name, used in error messages.</param>
    /// <param name="merges">The merge rules, one "left right" pair a line after an optional "#version" line.</param>
    /// <param name="mergesName">The merge file's path or file name, used in error messages.</param>
    /// <exception cref="ScorerModelException">When either file cannot be read or is not in the expected format.</exception>
    public static RobertaBpeEncoder Create(Stream vocabJson, string vocabName, Stream merges, string mergesName)
    {
        var vocabulary = ReadVocabulary(vocabJson, vocabName);
        var mergeRules = ReadMerges(merges, mergesName);

        var beginId = RequireToken(vocabulary, BeginToken, vocabName);
        var padId = RequireToken(vocabulary, PadToken, vocabName);
        var endId = RequireToken(vocabulary, EndToken, vocabName);

        // HuggingFace's RoBERTa tokenizer marks only <mask> as left-stripping, so " <mask>" encodes as <mask> alone.
        var specialTokens = new List<(string Text, int Id, bool StripLeft)>
        {
            (BeginToken, beginId, false),
            (PadToken, padId, false),
            (EndToken, endId, false),
        };
        if (vocabulary.TryGetValue(UnknownToken, out var unknownId))
        {
            specialTokens.Add((UnknownToken, unknownId, false));
        }

        if (vocabulary.TryGetValue(MaskToken, out var maskId))
        {
            specialTokens.Add((MaskToken, maskId, true));
        }

        var options = new BpeOptions(vocabulary)
        {
            Merges = mergeRules,
            ByteLevel = true,
            PreTokenizer = Gpt2PreTokenizer.Instance,
        };

        BpeTokenizer tokenizer;
        try
        {
            tokenizer = BpeTokenizer.Create(options);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new ScorerModelException(
                $"Invalid byte-level BPE tokenizer in {vocabName} and {mergesName}: {exception.Message}",
                mergesName,
                exception);
        }

        return new RobertaBpeEncoder(tokenizer, new SpecialTokenMatcher(specialTokens), beginId, endId, padId);
    }

    private static Dictionary<string, int> ReadVocabulary(Stream vocabJson, string vocabName)
    {
        Dictionary<string, int>? vocabulary;
        try
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabJson);
        }
        catch (JsonException exception)
        {
            throw new ScorerModelException(
                $"Invalid tokenizer vocabulary {vocabName}: expected a JSON object that maps each token to an integer id ({exception.Message}).",
                vocabName,
                exception);
        }
        catch (IOException exception)
        {
            throw new ScorerModelException($"Tokenizer file could not be read: {vocabName}. {exception.Message}", vocabName, exception);
        }

        if (vocabulary is null || vocabulary.Count == 0)
        {
            throw new ScorerModelException(
                $"Invalid tokenizer vocabulary {vocabName}: expected a non-empty JSON object that maps each token to an integer id.",
                vocabName);
        }

        return vocabulary;
    }

    private static List<string> ReadMerges(Stream merges, string mergesName)
    {
        var rules = new List<string>();
        try
        {
            using var reader = new StreamReader(merges, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
                {
                    continue;
                }

                var separator = line.IndexOf(' ', StringComparison.Ordinal);
                if (separator <= 0 || separator == line.Length - 1 || line.IndexOf(' ', separator + 1) >= 0)
                {
                    throw new ScorerModelException(
                        $"Invalid merge rule on line {lineNumber} of {mergesName}: expected two tokens separated by one space.",
                        mergesName);
                }

                rules.Add(line);
            }
        }
        catch (IOException exception)
        {
            throw new ScorerModelException($"Tokenizer file could not be read: {mergesName}. {exception.Message}", mergesName, exception);
        }

        if (rules.Count == 0)
        {
            throw new ScorerModelException($"Invalid merge file {mergesName}: it contains no merge rules.", mergesName);
        }

        return rules;
    }

    private static int RequireToken(Dictionary<string, int> vocabulary, string token, string vocabName)
    {
        if (!vocabulary.TryGetValue(token, out var id))
        {
            throw new ScorerModelException(
                $"Invalid tokenizer vocabulary {vocabName}: the special token {token} is missing. A RoBERTa vocabulary has <s>, <pad>, </s>, <unk> and <mask>.",
                vocabName);
        }

        return id;
    }
}
