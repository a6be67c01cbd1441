namespace Cappy.Proxy.Configuration;

/// <summary>Configuration from a validated config directory, optionally reloaded when its files change.</summary>
internal sealed class RouteDirectorySource(RouteSnapshot initial, bool watch, ILogger? logger) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new RouteDirectoryProvider(initial, watch, logger);
}
