using System.Globalization;
using System.Text.Json;

namespace Cappy.Proxy.Bench;

/// <summary>
/// The prompts of the proxy benchmark and the candidate answers the upstream simulator stores for them. Every
/// request of a cell has its own prompt, and each of its answers names that prompt's number, so an answer that
/// belongs to another request is detected.
/// </summary>
internal static class ProxyBenchPrompts
{
    /// <summary>Candidate answers stored per prompt; the reranking routes sample this many.</summary>
    public const int CandidatesPerPrompt = 4;

    // About 40 words, so the scorer path ranks answers of a realistic short length.
    private const string AnswerBody =
        "Start by writing down the meals you already cook well, then pick two new recipes that share ingredients " +
        "with them. Shop once for the whole week, prepare the slow parts on the weekend, and keep one evening free " +
        "for leftovers.";

    /// <summary>Returns the prompt of request number <paramref name="index"/>.</summary>
    public static string Prompt(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"Bench request {index:D6}: list three steps for planning a week of meals.");

    /// <summary>Returns candidate answer <paramref name="candidate"/> (0-based) of request number <paramref name="index"/>.</summary>
    public static string Answer(int index, int candidate) =>
        string.Create(CultureInfo.InvariantCulture, $"Answer {candidate + 1} to bench request {index:D6}. {AnswerBody}");

    /// <summary>Returns whether <paramref name="content"/> is one of the stored answers of request number <paramref name="index"/>.</summary>
    public static bool IsAnswerOf(int index, string? content)
    {
        if (content is null)
        {
            return false;
        }

        for (var candidate = 0; candidate < CandidatesPerPrompt; candidate++)
        {
            if (string.Equals(content, Answer(index, candidate), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes the simulator's candidates file for prompts 0 to <paramref name="count"/> − 1: one JSON line
    /// <c>{"instruction", "candidates": [{"output"}, …]}</c> per prompt.
    /// </summary>
    public static void WriteCandidatesFile(string path, int count)
    {
        using var stream = File.Create(path);
        var options = new JsonWriterOptions { Indented = false };
        for (var index = 0; index < count; index++)
        {
            using (var writer = new Utf8JsonWriter(stream, options))
            {
                writer.WriteStartObject();
                writer.WriteString("instruction", Prompt(index));
                writer.WriteStartArray("candidates");
                for (var candidate = 0; candidate < CandidatesPerPrompt; candidate++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("output", Answer(index, candidate));
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>Returns the UTF-8 body of the chat completions request number <paramref name="index"/>.</summary>
    public static byte[] RequestBody(int index)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", "bench");
            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteString("content", Prompt(index));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
