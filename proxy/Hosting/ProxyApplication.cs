using System.Net;
using Cappy.Proxy.Auth;
using Cappy.Proxy.Capture;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Errors;
using Cappy.Proxy.Forwarding;
using Cappy.Proxy.Health;
using Cappy.Proxy.RerankApi;
using Cappy.Proxy.Observability;
using Cappy.Proxy.Reranking;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Yarp.ReverseProxy.Transforms;

namespace Cappy.Proxy.Hosting;

/// <summary>Builds the proxy's web application: YARP with the reranking step, health and metrics endpoints and logging.</summary>
internal static class ProxyApplication
{
    /// <summary>
    /// Builds the application. Throws <see cref="StartupException"/> or <see cref="RouteConfigurationException"/>
    /// when route files or a scorer model are invalid. Given <paramref name="scorers"/> are used as they are (tests
    /// share them) and are not disposed with the application.
    /// </summary>
    public static WebApplication Build(ProxySettings settings, ScorerRegistry? scorers = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Services.AddSerilog((services, logger) => ConfigureLogging(logger, settings.LogFormat, builder.Configuration));

        if (settings.Upstream is not null)
        {
            RouteFiles.AddUpstreamShortcut(builder.Configuration, settings.Upstream, settings.UpstreamN);
        }
        else
        {
            var bootstrapLogger = new Serilog.Extensions.Logging.SerilogLoggerFactory(CreateLogger(settings.LogFormat), dispose: true);
            RouteFiles.AddDirectory(builder.Configuration, settings.ConfigDirectory, watch: true, bootstrapLogger.CreateLogger(typeof(RouteDirectoryProvider).FullName!));
        }

        if (scorers is null)
        {
            using var loggerFactory = new Serilog.Extensions.Logging.SerilogLoggerFactory(CreateLogger(settings.LogFormat, builder.Configuration), dispose: true);
            scorers = LoadScorers(settings.Scorer, RouteFiles.ReadNamedScorers(builder.Configuration), loggerFactory);
            builder.Services.AddSingleton(scorers);
        }
        else
        {
            // Registered through a factory so the container does not dispose a registry it did not create.
            var shared = scorers;
            builder.Services.AddSingleton(_ => new ScorerRegistry(shared.Scorers, ownsScorers: false));
        }

        var startupTable = RouteFiles.ReadRerankTable(builder.Configuration);
        foreach (var (routeId, options) in startupTable.Routes)
        {
            if (!scorers.Contains(options.Scorer))
            {
                throw new StartupException($"Route {routeId} names scorer '{options.Scorer}', which is not loaded.");
            }
        }

        builder.Services.AddSingleton<RerankRoutes>();
        builder.Services.AddSingleton(settings.Limits);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProxyTelemetry(builder.Configuration);
        builder.Services.AddSingleton<UpstreamCapabilities>();
        builder.Services.AddSingleton<UpstreamClient>();
        builder.Services.AddSingleton<CandidateCollector>();
        builder.Services.AddSingleton<CandidateRanker>();
        builder.Services.AddSingleton<RerankHandler>();
        builder.Services.AddSingleton<ScorerReadiness>();
        builder.Services.AddHostedService<ScorerWarmUpService>();
        builder.Services.AddSingleton<CaptureRecorder>();
        builder.Services.AddHostedService<CaptureWriterService>();
        builder.Services.AddHttpClient(UpstreamClient.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = TimeSpan.FromSeconds(15),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<ClusterDefaultsFilter>()
            .AddTransforms(transforms => transforms.AddRequestTransform(transform =>
            {
                var credentials = UpstreamCredentials.Decide(transforms.Cluster, transform.HttpContext);
                if (credentials.Replace)
                {
                    transform.ProxyRequest.Headers.Authorization = null;
                    if (credentials.Value is { } authorization)
                    {
                        transform.ProxyRequest.Headers.TryAddWithoutValidation("Authorization", authorization);
                    }
                }

                return ValueTask.CompletedTask;
            }));

        var app = builder.Build();

        // Built now, so the route summary is logged at start-up and reloads are followed from the start.
        app.Services.GetRequiredService<RerankRoutes>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => OpenAIError.WriteAsync(context, ProxyError.Internal, "The proxy failed to handle the request; the proxy log has the details.", null, context.RequestAborted),
        });
        app.UseSerilogRequestLogging();
        app.Use(ApiKeyMiddleware.InvokeAsync);
        app.MapHealthEndpoints();
        app.MapRerankApi();
        app.MapMetricsEndpoint();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(ForwarderErrorBody.InvokeAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
            pipeline.Use(RerankMiddleware.InvokeAsync);
        });
        app.MapFallback(context => OpenAIError.WriteAsync(context, ProxyError.RouteNotFound, $"No route matches {context.Request.Method} {context.Request.Path}.", null, context.RequestAborted));
        return app;
    }

    /// <summary>The logger for work done before the host exists: scorer loading and command-line tools.</summary>
    public static Serilog.ILogger CreateLogger(string logFormat, IConfiguration? configuration = null)
    {
        var logger = new LoggerConfiguration();
        ConfigureLogging(logger, logFormat, configuration);
        return logger.CreateLogger();
    }

    /// <summary>Loads the default scorer and every named one; on a failure, disposes those already loaded.</summary>
    private static ScorerRegistry LoadScorers(ScorerOptions defaults, IReadOnlyDictionary<string, NamedScorerOptions> named, ILoggerFactory loggerFactory)
    {
        var loaded = new Dictionary<string, IScorer>(StringComparer.OrdinalIgnoreCase);
        try
        {
            loaded[ScorerRegistry.DefaultName] = CreateScorer(ScorerRegistry.DefaultName, defaults, loggerFactory);
            foreach (var (name, options) in named)
            {
                var scorerOptions = new ScorerOptions
                {
                    ModelDirectory = options.Model,
                    ExecutionProvider = options.Device ?? defaults.ExecutionProvider,
                    MaxLength = options.MaxLength ?? defaults.MaxLength,
                    GraphOptimizationLevel = defaults.GraphOptimizationLevel,
                    IntraOpThreads = defaults.IntraOpThreads,
                    EnableCpuMemArena = defaults.EnableCpuMemArena,
                    Batching = defaults.Batching,
                    Name = name,
                };
                loaded[name] = CreateScorer(name, scorerOptions, loggerFactory);
            }

            return new ScorerRegistry(loaded, ownsScorers: true);
        }
        catch
        {
            foreach (var scorer in loaded.Values)
            {
                scorer.Dispose();
            }

            throw;
        }
    }

    private static IScorer CreateScorer(string name, ScorerOptions options, ILoggerFactory loggerFactory)
    {
        try
        {
            return ScorerFactory.Create(options, loggerFactory);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var which = name == ScorerRegistry.DefaultName ? "The scorer model" : $"Scorer '{name}' (route files, Scorers:{name})";
            throw new StartupException($"{which} could not be loaded: {ScorerSettingNames.Describe(exception)}", exception);
        }
    }

    private static void ConfigureLogging(LoggerConfiguration logger, string logFormat, IConfiguration? configuration)
    {
        logger.MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        if (configuration is not null)
        {
            logger.ReadFrom.Configuration(configuration);
        }

        // Logs go to standard error, so the command-line tools keep standard output for their JSON lines.
        if (string.Equals(logFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            logger.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose);
        }
        else
        {
            logger.WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
