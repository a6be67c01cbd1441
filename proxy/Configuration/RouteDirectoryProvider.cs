using Cappy.Proxy.Observability;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Cappy.Proxy.Configuration;

/// <summary>
/// Serves the settings of a config directory and, when watching, reloads them after a file changes: the whole
/// directory is read and validated again, and only a valid reading replaces the settings in force. YARP and the
/// rerank table pick up a reload from the configuration's change token; requests already running keep the route
/// and settings they started with.
/// </summary>
internal sealed partial class RouteDirectoryProvider : ConfigurationProvider, IDisposable
{
    /// <summary>Time to wait after a change for an editor's further writes, so a save is read once, complete.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly string _directory;
    private readonly ILogger? _logger;
    private readonly PhysicalFileProvider? _files;
    private readonly IDisposable? _subscription;
    private readonly Timer? _debounce;

    public RouteDirectoryProvider(RouteSnapshot initial, bool watch, ILogger? logger)
    {
        _directory = initial.Directory;
        _logger = logger;
        Data = new Dictionary<string, string?>(initial.Data, StringComparer.OrdinalIgnoreCase);
        if (watch)
        {
            // The provider polls instead of using file system events when DOTNET_USE_POLLING_FILE_WATCHER is set,
            // which bind mounts and network shares need.
            _files = new PhysicalFileProvider(_directory);
            _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
            _subscription = ChangeToken.OnChange(() => _files.Watch("*.json"), () => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan));
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _debounce?.Dispose();
        _files?.Dispose();
    }

    private void Reload()
    {
        RouteSnapshot snapshot;
        try
        {
            snapshot = RouteFiles.Read(_directory);
        }
        catch (RouteConfigurationException exception)
        {
            if (_logger is not null)
            {
                Log.ReloadRejected(_logger, _directory, exception.Errors.Count, string.Join(Environment.NewLine, exception.Errors));
            }

            return;
        }

        Data = new Dictionary<string, string?>(snapshot.Data, StringComparer.OrdinalIgnoreCase);
        if (_logger is not null)
        {
            Log.Reloaded(_logger, _directory, snapshot.Files.Count);
        }

        OnReload();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RoutesReloaded, Level = LogLevel.Information,
            Message = "Route files in {Directory} reloaded; route files in force: {Files}")]
        public static partial void Reloaded(ILogger logger, string directory, int files);

        [LoggerMessage(EventId = EventIds.RoutesReloadRejected, Level = LogLevel.Error,
            Message = "Route files in {Directory} changed but are invalid (errors: {Count}); the last valid files stay in force:\n{Errors}")]
        public static partial void ReloadRejected(ILogger logger, string directory, int count, string errors);
    }
}
