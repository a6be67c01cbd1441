namespace Cappy.IntegrationTests.Proxy;

/// <summary>A temporary config directory with one route file that reranks /v1/... to one upstream.</summary>
internal sealed class RouteDirectory : IDisposable
{
    private RouteDirectory(string path) => Path = path;

    public string Path { get; }

    /// <param name="upstream">Destination address.</param>
    /// <param name="rerankJson">The route's Rerank section as JSON.</param>
    public static RouteDirectory Create(Uri upstream, string rerankJson)
    {
        var directory = new RouteDirectory(Directory.CreateTempSubdirectory("cappy-config-").FullName);
        directory.Write(upstream, rerankJson);
        return directory;
    }

    /// <summary>Writes (or rewrites) the route file, as a user editing it would.</summary>
    public void Write(Uri upstream, string rerankJson) =>
        File.WriteAllText(System.IO.Path.Combine(Path, "routes.json"), $$"""
            {
              "ReverseProxy": {
                "Routes": { "test": { "ClusterId": "test", "Match": { "Path": "/v1/{**rest}" }, "Rerank": {{rerankJson}} } },
                "Clusters": { "test": { "Destinations": { "sim": { "Address": "{{upstream}}" } } } }
              }
            }
            """);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
