using System.Text.Json;
using Cappy.Scorer.Models;
using Cappy.Testing;

namespace Cappy.Scorer.Tests.Tokenization;

/// <summary>Token ids read straight from the vocabulary files, so that expected values do not come from the encoders.</summary>
internal static class VocabularyIds
{
    private static readonly Lazy<Dictionary<string, int>> MiniLmIds = new(ReadMiniLm);

    /// <summary>The id of a token in the shared RoBERTa vocab.json; skips the test when the file is absent.</summary>
    public static int Roberta(string token)
    {
        var path = SharedData.RequireFile(TokenizerFixtures.RobertaDirectory + "/vocab.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty(token).GetInt32();
    }

    /// <summary>The id of a token in the embedded MiniLM vocab.txt: its line number, counted from 0.</summary>
    public static int MiniLm(string token) => MiniLmIds.Value[token];

    private static Dictionary<string, int> ReadMiniLm()
    {
        using var reader = new StreamReader(EmbeddedMiniLm.OpenVocabulary());
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        while (reader.ReadLine() is { } line)
        {
            ids[line] = id;
            id++;
        }

        return ids;
    }
}
