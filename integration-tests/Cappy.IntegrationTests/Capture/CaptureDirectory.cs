using System.Text.Json.Nodes;

namespace Cappy.IntegrationTests.Capture;

/// <summary>Reads the capture files of a directory the way a training job would.</summary>
internal static class CaptureDirectory
{
    /// <summary>Capture file paths in write order. Sorting the names as text gives that order while sequences have 4 digits.</summary>
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "capture-*.jsonl").Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>Every line of every capture file, parsed, in write order.</summary>
    public static IReadOnlyList<JsonObject> ReadRecords(string directory) =>
        Files(directory).SelectMany(File.ReadLines).Select(line => JsonNode.Parse(line)!.AsObject()).ToArray();

    /// <summary>Waits until the directory's capture files have <paramref name="count"/> lines in all, or 10 s passed.</summary>
    public static async Task WaitForLinesAsync(string directory, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Files(directory).Sum(file => File.ReadLines(file).Count()) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
