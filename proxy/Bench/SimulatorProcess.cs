using System.Diagnostics;

namespace Cappy.Proxy.Bench;

/// <summary>Finds, builds when needed, and starts the upstream simulator for the proxy benchmark.</summary>
internal static class SimulatorProcess
{
    /// <summary>The simulator's project, relative to the repository root.</summary>
    public const string ProjectPath = "integration-tests/UpstreamSimulator/UpstreamSimulator.csproj";

    private const string AssemblyName = "upstream-simulator.dll";

    /// <summary>
    /// Returns the simulator assembly to run: <paramref name="configured"/> when given, else the Release (then
    /// Debug) build in the checkout. When neither is built, runs <c>dotnet build -c Release</c> on the project.
    /// </summary>
    /// <exception cref="BenchSetupException">The assembly or the project is not found, or the build failed.</exception>
    public static async Task<string> LocateAsync(string? configured, Action<string> report, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new BenchSetupException($"Simulator assembly not found: {configured}. Pass --simulator with the path of {AssemblyName}.");
        }

        var root = BenchPaths.FindRepositoryRoot()
            ?? throw new BenchSetupException($"The repository root ({BenchPaths.SolutionFileName}) was not found above the current directory, so the simulator cannot be found. Pass --simulator with the path of {AssemblyName}.");
        var projectDirectory = Path.GetDirectoryName(Path.Combine(root, ProjectPath))!;
        var built = FindBuilt(projectDirectory);
        if (built is not null)
        {
            return built;
        }

        report($"Building the upstream simulator ({ProjectPath}, Release)");
        var startInfo = new ProcessStartInfo(DotnetHost.Path) { WorkingDirectory = root };
        foreach (var argument in new[] { "build", ProjectPath, "-c", "Release", "--nologo", "-v", "quiet" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        await using (var build = BenchChildProcess.Start("dotnet build", startInfo))
        {
            var exitCode = await build.WaitForExitAsync(cancellationToken);
            if (exitCode != 0)
            {
                throw new BenchSetupException($"Building the simulator failed with status {exitCode}:{Environment.NewLine}{build.LastOutput()}");
            }
        }

        return FindBuilt(projectDirectory)
            ?? throw new BenchSetupException($"The simulator build succeeded but {AssemblyName} was not found under {projectDirectory}/bin. Pass --simulator with its path.");
    }

    /// <summary>Starts the simulator on <paramref name="port"/> with the stored answers of <paramref name="candidatesFile"/> and no latency.</summary>
    public static BenchChildProcess Start(string assembly, int port, string candidatesFile)
    {
        var startInfo = new ProcessStartInfo(DotnetHost.Path);
        foreach (var argument in new[] { assembly, "--urls", $"http://127.0.0.1:{port}", "--candidates", candidatesFile, "--latency-ms", "0" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // One log line per request would cost the simulator more than answering; warnings and errors still show.
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        return BenchChildProcess.Start("The upstream simulator", startInfo);
    }

    private static string? FindBuilt(string projectDirectory)
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var directory = Path.Combine(projectDirectory, "bin", configuration);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var assembly = Directory.EnumerateFiles(directory, AssemblyName, SearchOption.AllDirectories).Order(StringComparer.Ordinal).LastOrDefault();
            if (assembly is not null)
            {
                return assembly;
            }
        }

        return null;
    }
}
