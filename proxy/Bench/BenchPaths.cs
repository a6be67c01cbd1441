namespace Cappy.Proxy.Bench;

/// <summary>Finds the benchmark's input files and its cache directory.</summary>
internal static class BenchPaths
{
    /// <summary>Name of the solution file that marks the repository root.</summary>
    public const string SolutionFileName = "Cappy.Proxy.sln";

    /// <summary>
    /// Returns the per-user cache directory of the proxy: <c>$XDG_CACHE_HOME/cappy-proxy</c>, else
    /// <c>~/.cache/cappy-proxy</c>.
    /// </summary>
    public static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "cappy-proxy");
    }

    /// <summary>
    /// Returns the full path of <paramref name="relativePath"/> inside the shared data directory, or null when
    /// it is absent. The shared directory is <c>CAPPY_SHARED_DIR</c> when set, else <c>shared</c> beside the
    /// repository root, found from the current directory or from the application's directory.
    /// </summary>
    public static string? FindSharedPath(string relativePath)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CAPPY_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var path = Path.Combine(fromEnvironment, relativePath);
            return Exists(path) ? Path.GetFullPath(path) : null;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var root = FindRepositoryRoot(start);
            if (root is null)
            {
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(root, "..", "shared", relativePath));
            if (Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the repository root (the directory with the solution file) above the current directory or the
    /// application's directory, or null outside a checkout.
    /// </summary>
    public static string? FindRepositoryRoot() =>
        FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory);

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
