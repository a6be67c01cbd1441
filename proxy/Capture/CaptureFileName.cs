using System.Globalization;
using System.Text.RegularExpressions;

namespace Cappy.Proxy.Capture;

/// <summary>
/// Names of capture files: <c>capture-{route}-{yyyyMMddTHHmmssZ}-{sequence}.jsonl</c>, with the UTC time the file
/// was opened and a sequence of at least 4 digits, so that the names of one route sort by age.
/// </summary>
internal static partial class CaptureFileName
{
    /// <summary>Pattern that <see cref="Directory.EnumerateFiles(string, string)"/> uses before <see cref="TryParse"/> checks a name.</summary>
    public const string SearchPattern = "capture-*.jsonl";

    /// <summary>
    /// Returns the route id as it appears in file names: letters, digits, <c>.</c>, <c>_</c> and <c>-</c> kept, any
    /// other character replaced by <c>_</c>, so that a route id cannot name a path outside the capture directory.
    /// </summary>
    public static string ToRouteToken(string routeId)
    {
        var characters = routeId.Select(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-' ? character : '_').ToArray();
        return characters.Length == 0 ? "_" : new string(characters);
    }

    public static string Format(string routeToken, DateTimeOffset opened, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"capture-{routeToken}-{opened.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{sequence:D4}.jsonl");

    /// <summary>Reads the time stamp and sequence of a capture file name of <paramref name="routeToken"/>; false for any other name.</summary>
    public static bool TryParse(string fileName, string routeToken, out string timestamp, out long sequence)
    {
        var match = NamePattern().Match(fileName);
        if (match.Success
            && string.Equals(match.Groups["route"].Value, routeToken, StringComparison.Ordinal)
            && long.TryParse(match.Groups["sequence"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            timestamp = match.Groups["timestamp"].Value;
            return true;
        }

        timestamp = string.Empty;
        sequence = 0;
        return false;
    }

    // The route part is greedy, and the time stamp and sequence after it have fixed shapes, so a route id that
    // itself ends in "-<digits>" is still read whole.
    [GeneratedRegex(@"^capture-(?<route>.+)-(?<timestamp>\d{8}T\d{6}Z)-(?<sequence>\d{4,18})\.jsonl$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
