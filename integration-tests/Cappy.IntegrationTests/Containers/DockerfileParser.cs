using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cappy.IntegrationTests.Containers;

/// <summary>
/// Reads the instructions the deployment manifests must agree with from a Dockerfile: line continuations are
/// joined, comments dropped, and ENV (KEY=VALUE form, unquoted values only), EXPOSE, HEALTHCHECK, WORKDIR,
/// ENTRYPOINT (exec form), USER and RUN are kept per stage.
/// </summary>
internal static partial class DockerfileParser
{
    public static IReadOnlyDictionary<string, DockerfileStage> Parse(string path)
    {
        var stages = new Dictionary<string, DockerfileStage>(StringComparer.Ordinal);
        string? name = null;
        Dictionary<string, string> environment = [];
        List<int> ports = [];
        string? healthCheck = null;
        string? workingDirectory = null;
        IReadOnlyList<string> entrypoint = [];
        List<string> runs = [];
        string? user = null;

        void Close()
        {
            if (name is not null)
            {
                stages[name] = new DockerfileStage(name, environment, ports, healthCheck, workingDirectory, entrypoint, runs, user);
            }
        }

        foreach (var instruction in ReadInstructions(path))
        {
            var parts = instruction.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            var keyword = parts[0].ToUpperInvariant();
            var arguments = parts.Length > 1 ? parts[1] : string.Empty;
            switch (keyword)
            {
                case "FROM":
                    Close();
                    var match = StageName().Match(arguments);
                    name = match.Success ? match.Groups[1].Value : $"stage{stages.Count}";
                    environment = [];
                    ports = [];
                    healthCheck = null;
                    workingDirectory = null;
                    entrypoint = [];
                    runs = [];
                    user = null;
                    break;
                case "ENV":
                    foreach (Match pair in EnvironmentPair().Matches(arguments))
                    {
                        environment[pair.Groups[1].Value] = pair.Groups[2].Value;
                    }

                    break;
                case "EXPOSE":
                    ports.AddRange(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Select(port => int.Parse(port.Split('/')[0], CultureInfo.InvariantCulture)));
                    break;
                case "HEALTHCHECK":
                    healthCheck = arguments;
                    break;
                case "WORKDIR":
                    workingDirectory = arguments;
                    break;
                case "ENTRYPOINT":
                    entrypoint = JsonSerializer.Deserialize<string[]>(arguments)
                        ?? throw new InvalidDataException($"{path}: invalid ENTRYPOINT, expected the exec form [\"executable\", \"argument\"]: {arguments}");
                    break;
                case "RUN":
                    runs.Add(arguments);
                    break;
                case "USER":
                    user = arguments;
                    break;
            }
        }

        Close();
        return stages;
    }

    private static IEnumerable<string> ReadInstructions(string path)
    {
        var current = new List<string>();
        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var continued = line.EndsWith('\\');
            current.Add(continued ? line[..^1].Trim() : line);
            if (!continued)
            {
                yield return string.Join(' ', current);
                current.Clear();
            }
        }

        if (current.Count > 0)
        {
            yield return string.Join(' ', current);
        }
    }

    [GeneratedRegex(@"\bAS\s+(\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex StageName();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S*)")]
    private static partial Regex EnvironmentPair();
}
