using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.UpstreamSimulator;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>A simulator on the AlpacaEval candidates and the proxy in front of it, both on loopback.</summary>
internal sealed class RerankStack : IAsyncDisposable
{
    private RerankStack(SimulatorHost simulator, ProxyHost proxy)
    {
        Simulator = simulator;
        Proxy = proxy;
    }

    public SimulatorHost Simulator { get; }

    public ProxyHost Proxy { get; }

    /// <summary>Starts the simulator in <paramref name="mode"/> and a proxy with <c>--upstream</c> and <c>--n 8</c>.</summary>
    public static async Task<RerankStack> StartAsync(IScorer scorer, NMode mode = NMode.Honor)
    {
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath(), NMode = mode });
        var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = simulator.BaseAddress, UpstreamN = 8 }, scorer);
        return new RerankStack(simulator, proxy);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
