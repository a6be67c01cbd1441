using System.Text.Json.Nodes;

namespace Cappy.IntegrationTests.Bench;

/// <summary>The outcome of one <c>bench scorer</c> process: exit code, output streams and the files it wrote.</summary>
internal sealed record BenchRun(int ExitCode, string StandardOutput, string StandardError, JsonObject? Json, string? Svg);
