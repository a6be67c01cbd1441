using Cappy.UpstreamSimulator.CommandLine;

namespace Cappy.UpstreamSimulator;

/// <summary>The command-line entry point; <c>--help</c> lists the options.</summary>
internal static class Program
{
    private const int InvalidArgumentsExitCode = 2;

    public static async Task<int> Main(string[] args)
    {
        var result = CommandLineParser.Parse(args);
        if (result.ShowHelp)
        {
            await Console.Out.WriteLineAsync(HelpText.Value);
            return 0;
        }

        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + error);
            }

            await Console.Error.WriteLineAsync("Run with --help to list the options.");
            return InvalidArgumentsExitCode;
        }

        WebApplication app;
        try
        {
            app = SimulatorApp.Build(result.Options, [.. result.HostArgs]);
        }
        catch (InvalidDataException exception)
        {
            await Console.Error.WriteLineAsync("error: invalid candidates file: " + exception.Message);
            return InvalidArgumentsExitCode;
        }

        await app.RunAsync();
        return 0;
    }
}
