namespace Cappy.UpstreamSimulator.CommandLine;

/// <summary>The outcome of parsing the simulator's command line.</summary>
/// <param name="Options">The parsed settings; meaningful only when <paramref name="Errors"/> is empty.</param>
/// <param name="HostArgs">Arguments passed on to the ASP.NET Core host, such as <c>--urls</c>.</param>
/// <param name="ShowHelp">Whether <c>--help</c> was given.</param>
/// <param name="Errors">One message per invalid or unknown argument.</param>
internal sealed record CommandLineResult(
    SimulatorOptions Options,
    IReadOnlyList<string> HostArgs,
    bool ShowHelp,
    IReadOnlyList<string> Errors);
