using System.Diagnostics;

namespace Cappy.IntegrationTests.Containers;

/// <summary>Runs a command to its end with a time limit and returns its exit status and output.</summary>
internal static class ChildProcess
{
    public static Task<(int ExitCode, string Log)> RunToEndAsync(string fileName, string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return RunToEndAsync(startInfo, timeout);
    }

    public static async Task<(int ExitCode, string Log)> RunToEndAsync(ProcessStartInfo startInfo, TimeSpan timeout)
    {
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"{startInfo.FileName} did not finish within {timeout}: {await output}{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }
}
