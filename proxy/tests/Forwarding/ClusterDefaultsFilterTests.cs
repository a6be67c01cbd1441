using Cappy.Proxy.Forwarding;
using Xunit;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Cappy.Proxy.Tests.Forwarding;

public sealed class ClusterDefaultsFilterTests
{
    [Fact]
    public async Task ClusterWithoutTimeout_GetsTenMinutes()
    {
        var cluster = new ClusterConfig { ClusterId = "c" };

        var configured = await new ClusterDefaultsFilter().ConfigureClusterAsync(cluster, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(10), configured.HttpRequest!.ActivityTimeout);
    }

    [Fact]
    public async Task ClusterWithTimeout_KeepsIt()
    {
        var cluster = new ClusterConfig { ClusterId = "c", HttpRequest = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30), AllowResponseBuffering = true } };

        var configured = await new ClusterDefaultsFilter().ConfigureClusterAsync(cluster, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(30), configured.HttpRequest!.ActivityTimeout);
        Assert.True(configured.HttpRequest.AllowResponseBuffering);
    }
}
