using System.Globalization;
using System.Text.Json;

namespace Cappy.Proxy.Errors;

/// <summary>
/// Describes a System.Text.Json parse error for people who edit the JSON: the parser's sentence without its
/// internal path and reader advice, followed by the line and byte counted from 1, as editors count them.
/// System.Text.Json's own message counts both from 0.
/// </summary>
internal static class JsonErrorText
{
    private static readonly string[] LocationMarkers = [" Path: ", " LineNumber: "];

    /// <summary>Advice in System.Text.Json's messages that only the program reading the JSON can follow.</summary>
    private const string ReaderAdvice = " Change the reader options.";

    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        foreach (var marker in LocationMarkers)
        {
            var index = message.IndexOf(marker, StringComparison.Ordinal);
            if (index >= 0)
            {
                message = message[..index];
            }
        }

        message = message.Replace(ReaderAdvice, string.Empty, StringComparison.Ordinal).TrimEnd();
        if (exception.LineNumber is not { } line || exception.BytePositionInLine is not { } position)
        {
            return message;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{message} (line {line + 1}, byte {position + 1})");
    }
}
