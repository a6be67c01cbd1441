using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>Proxy tests share one scorer and run one at a time, so timings do not fight over two cores.</summary>
[CollectionDefinition(Name)]
public sealed class ProxyTestGroup : ICollectionFixture<ScorerFixture>
{
    public const string Name = "proxy";
}
