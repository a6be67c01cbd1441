using System.CommandLine;

namespace Cappy.Proxy.Bench;

/// <summary>The <c>bench</c> command: benchmarks of the proxy's parts, one subcommand each.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Run a benchmark and print its figures; see the subcommands.");
        command.Subcommands.Add(ScorerBenchCommand.Create());
        command.Subcommands.Add(ProxyBenchCommand.Create());
        return command;
    }
}
