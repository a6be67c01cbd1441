using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cappy.Proxy.Cli;

/// <summary>
/// Reads and writes the tools' JSON lines: one object per line with string fields <c>instruction</c> and
/// <c>response</c>; output lines are the input objects with fields added.
/// </summary>
internal static class PairLines
{
    /// <summary>One valid input line.</summary>
    public sealed record PairLine(int LineNumber, JsonObject Json, string Instruction, string Response);

    /// <summary>
    /// Reads the non-blank lines of <paramref name="input"/> in order. An invalid line ends the sequence with its
    /// error message, which names the line; a valid one comes with a null error.
    /// </summary>
    public static async IAsyncEnumerable<(PairLine? Pair, string? Error)> ReadAsync(TextReader input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var pair = Parse(line, lineNumber, out var error);
            yield return (pair, error);
            if (pair is null)
            {
                yield break;
            }
        }
    }

    /// <summary>Parses one line; returns null and an error message naming the line when it is invalid.</summary>
    public static PairLine? Parse(string line, int lineNumber, out string? error)
    {
        error = null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException exception)
        {
            error = $"line {lineNumber}: invalid JSON: {exception.Message}";
            return null;
        }

        if (node is not JsonObject json)
        {
            error = $"line {lineNumber}: expected a JSON object with string fields \"instruction\" and \"response\".";
            return null;
        }

        if (!TryGetString(json, "instruction", out var instruction))
        {
            error = $"line {lineNumber}: missing or non-string field \"instruction\".";
            return null;
        }

        if (!TryGetString(json, "response", out var response))
        {
            error = $"line {lineNumber}: missing or non-string field \"response\".";
            return null;
        }

        return new PairLine(lineNumber, json, instruction, response);
    }

    public static TextWriter OpenStandardOutput() =>
        new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = false, NewLine = "\n" };

    public static TextReader OpenStandardInput() =>
        new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private static bool TryGetString(JsonObject json, string name, out string value)
    {
        if (json[name] is JsonValue node && node.TryGetValue<string>(out var text))
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }
}
