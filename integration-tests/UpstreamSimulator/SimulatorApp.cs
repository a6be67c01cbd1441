using Cappy.UpstreamSimulator.Candidates;
using Cappy.UpstreamSimulator.Endpoints;
using Cappy.UpstreamSimulator.Faults;
using Cappy.UpstreamSimulator.Generation;
using Cappy.UpstreamSimulator.Observability;

namespace Cappy.UpstreamSimulator;

/// <summary>
/// Builds the simulator as an ASP.NET Core application, for the command line and for tests that host it
/// in-process: <c>var app = SimulatorApp.Build(options); app.Urls.Add("http://127.0.0.1:0"); await app.StartAsync();</c>
/// then read the bound address from <c>app.Urls</c>.
/// </summary>
public static partial class SimulatorApp
{
    /// <summary>
    /// Validates the options, loads the candidates file and maps all endpoints. The returned application is not
    /// started. <paramref name="args"/> go to the ASP.NET Core host, for example <c>--urls</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid; the message lists every invalid option.</exception>
    /// <exception cref="InvalidDataException">A line of the candidates file is not a valid record.</exception>
    public static WebApplication Build(SimulatorOptions options, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulator options: " + string.Join(" ", errors), nameof(options));
        }

        var store = options.CandidatesPath is null ? CandidateStore.Empty : CandidateStore.Load(options.CandidatesPath);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });

        // The request log middleware writes one line per request, so the framework's own request lines are dropped.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SimulatorStats>();
        services.AddSingleton<FailureInjector>();
        services.AddSingleton<ChoiceGenerator>();
        services.AddSingleton<GenerationHandler>();
        services.AddSingleton<EmbeddingHandler>();

        var app = builder.Build();
        app.UseMiddleware<RequestLogMiddleware>();
        app.MapSimulatorEndpoints();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SimulatorApp));
        app.Lifetime.ApplicationStarted.Register(() =>
            Log.Started(logger, store.InstructionCount, options.NMode, options.LatencyMs, options.Model));
        return app;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.Started, Level = LogLevel.Information,
            Message = "Simulator started: {InstructionCount} stored instructions, n-mode {NMode}, latency {LatencyMs} ms, model {Model}")]
        public static partial void Started(ILogger logger, int instructionCount, NMode nMode, int latencyMs, string model);
    }
}
