using Cappy.Proxy.Hosting;
using Cappy.Proxy.Observability;
using Microsoft.Extensions.Primitives;

namespace Cappy.Proxy.Configuration;

/// <summary>
/// The rerank table in force, rebuilt whenever the configuration reloads. A request reads <see cref="Current"/>
/// once, so it finishes on the settings it started with.
/// </summary>
internal sealed partial class RerankRoutes : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ScorerRegistry _scorers;
    private readonly ILogger<RerankRoutes> _logger;
    private readonly IDisposable _subscription;
    private volatile RerankRouteTable _current;

    public RerankRoutes(IConfiguration configuration, ScorerRegistry scorers, ILogger<RerankRoutes> logger)
    {
        _configuration = configuration;
        _scorers = scorers;
        _logger = logger;
        _current = Build();
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => _current = Build());
    }

    public RerankRouteTable Current => _current;

    public void Dispose() => _subscription.Dispose();

    private RerankRouteTable Build()
    {
        var table = RouteFiles.ReadRerankTable(_configuration);
        foreach (var (routeId, options) in table.Routes)
        {
            if (!_scorers.Contains(options.Scorer))
            {
                Log.UnknownScorer(_logger, routeId, options.Scorer);
            }
        }

        RouteSummary.Log(_configuration, table, _logger);
        return table;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.UnknownScorer, Level = LogLevel.Error,
            Message = "Route {RouteId} names scorer {Scorer}, which is not loaded: scorers load at start-up only, so its requests are answered unranked until a restart")]
        public static partial void UnknownScorer(ILogger logger, string routeId, string scorer);
    }
}
