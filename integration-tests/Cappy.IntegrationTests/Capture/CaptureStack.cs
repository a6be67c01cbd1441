using System.Text.Json;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.UpstreamSimulator;

namespace Cappy.IntegrationTests.Capture;

/// <summary>
/// The simulator on the AlpacaEval candidates and a proxy whose route <c>test</c> samples 8 candidates and has the
/// given capture settings. Stopping the proxy drains the capture queue, so files are complete after <see cref="StopProxyAsync"/>.
/// </summary>
internal sealed class CaptureStack : IAsyncDisposable
{
    private readonly RouteDirectory _routes;
    private readonly string _temporaryDirectory;
    private bool _proxyStopped;

    private CaptureStack(SimulatorHost simulator, RouteDirectory routes, ProxyHost proxy, string temporaryDirectory)
    {
        Simulator = simulator;
        _routes = routes;
        Proxy = proxy;
        _temporaryDirectory = temporaryDirectory;
    }

    public SimulatorHost Simulator { get; }

    public ProxyHost Proxy { get; }

    /// <summary>A fresh temporary directory, deleted with the stack; the usual capture directory is <c>captures</c> in it.</summary>
    public string TemporaryDirectory => _temporaryDirectory;

    public string DefaultCaptureDirectory => Path.Combine(_temporaryDirectory, "captures");

    /// <param name="scorer">The shared scorer.</param>
    /// <param name="capture">
    /// Builds the route's <c>Capture</c> section as JSON from the default capture directory, which does not exist yet.
    /// </param>
    /// <param name="mode">How the simulator treats <c>n</c>.</param>
    public static async Task<CaptureStack> StartAsync(IScorer scorer, Func<string, string> capture, NMode mode = NMode.Honor)
    {
        var temporary = Directory.CreateTempSubdirectory("cappy-capture-").FullName;
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath(), NMode = mode });
        var routes = RouteDirectory.Create(simulator.BaseAddress, $$"""{ "N": 8, "Capture": {{capture(Path.Combine(temporary, "captures"))}} }""");
        var proxy = await ProxyHost.StartAsync(new ProxySettings { ConfigDirectory = routes.Path }, scorer);
        return new CaptureStack(simulator, routes, proxy, temporary);
    }

    /// <summary>Returns a JSON string literal of a path, for building route files.</summary>
    public static string Json(string path) => JsonSerializer.Serialize(path);

    /// <summary>Stops the proxy, which writes every queued capture record before it returns.</summary>
    public async Task StopProxyAsync()
    {
        if (!_proxyStopped)
        {
            _proxyStopped = true;
            await Proxy.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopProxyAsync();
        await Simulator.DisposeAsync();
        _routes.Dispose();
        Directory.Delete(_temporaryDirectory, recursive: true);
    }
}
