using WsProxyLab.Proxy.Admin;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

public sealed class TunnelRegistryTests
{
    [Fact]
    public void Register_BeforeADrain_LeavesTheTunnelRunning()
    {
        var registry = new TunnelRegistry(TimeProvider.System);

        using var tunnel = registry.Register("ws", "backend-1", "127.0.0.1:5000", new TunnelTraffic());

        Assert.False(tunnel.EndRequested.IsCancellationRequested);
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void Register_AfterTheDrainTookItsSnapshot_AsksTheTunnelToEndAtOnce()
    {
        var registry = new TunnelRegistry(TimeProvider.System);
        using var early = registry.Register("ws", "backend-1", "127.0.0.1:5000", new TunnelTraffic());

        registry.EndNewTunnels(OpenTunnel.ShuttingDownReason);
        using var late = registry.Register("ws", "backend-1", "127.0.0.1:5001", new TunnelTraffic());

        Assert.False(early.EndRequested.IsCancellationRequested);
        Assert.True(late.EndRequested.IsCancellationRequested);
        Assert.Equal("proxy shutting down", late.EndReason);
    }
}
