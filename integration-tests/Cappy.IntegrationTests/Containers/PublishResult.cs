namespace Cappy.IntegrationTests.Containers;

/// <summary>The outcome of one scripts/publish.sh run.</summary>
/// <param name="Output">The output directory it was given.</param>
/// <param name="ExitCode">The script's exit status.</param>
/// <param name="Log">Its standard output and standard error.</param>
internal sealed record PublishResult(string Output, int ExitCode, string Log);
