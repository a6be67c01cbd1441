namespace Cappy.Proxy.Bench;

/// <summary>Finds the <c>dotnet</c> host that runs the simulator and the proxy as child processes.</summary>
internal static class DotnetHost
{
    /// <summary>
    /// Returns the host that runs this process when it was started as <c>dotnet cappy-proxy.dll</c>, else the
    /// SDK's <c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> from the search path.
    /// </summary>
    public static string Path
    {
        get
        {
            var processPath = Environment.ProcessPath;
            if (processPath is not null && System.IO.Path.GetFileNameWithoutExtension(processPath) == "dotnet")
            {
                return processPath;
            }

            var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return string.IsNullOrEmpty(hostPath) ? "dotnet" : hostPath;
        }
    }

    /// <summary>
    /// Removes the proxy's own <c>CAPPY_*</c> settings from a child's environment, so a variable such as
    /// <c>CAPPY_UPSTREAM</c> or <c>CAPPY_API_KEYS</c> in the caller's shell cannot change the measured setup.
    /// </summary>
    public static void RemoveProxySettings(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(name => name.StartsWith("CAPPY_", StringComparison.Ordinal)).ToArray())
        {
            environment.Remove(name);
        }
    }
}
