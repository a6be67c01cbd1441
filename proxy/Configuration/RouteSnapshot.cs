namespace Cappy.Proxy.Configuration;

/// <summary>A validated reading of a config directory: its files and their merged settings as configuration keys.</summary>
internal sealed record RouteSnapshot(string Directory, IReadOnlyList<string> Files, IReadOnlyDictionary<string, string?> Data);
