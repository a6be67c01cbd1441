using Xunit;

namespace Cappy.IntegrationTests.Containers;

/// <summary>Locates files of the source checkout that the tests run from (the directory holding Cappy.Proxy.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Cappy.Proxy.sln")))
                {
                    return directory.FullName;
                }
            }

            Assert.Fail($"Cappy.Proxy.sln not found above {AppContext.BaseDirectory}; run the tests from a source checkout.");
            return string.Empty;
        }
    }

    public static string Require(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        Assert.True(File.Exists(path), $"missing file: {path}");
        return path;
    }
}
