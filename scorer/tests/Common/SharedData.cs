using Xunit;

namespace Cappy.Testing;

/// <summary>
/// Locates the read-only shared data directory that sits beside the repository checkout.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The full path of a file under the shared directory; skips the test when it is missing.</summary>
    public static string RequireFile(string relativePath)
    {
        var root = Root.Value;
        Skip.If(root is null, $"shared data directory not found: set CAPPY_SHARED_DIR or place 'shared' beside the checkout (needed: {relativePath})");
        var path = Path.Combine(root!, relativePath);
        Skip.IfNot(File.Exists(path), $"shared data file missing: {path}");
        return path;
    }

    /// <summary>The repository root: the directory that holds Cappy.Proxy.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string? FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CAPPY_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cappy.Proxy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cappy.Proxy.sln not found above {AppContext.BaseDirectory}");
    }
}
