using Microsoft.Extensions.Time.Testing;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

public sealed class TunnelWatchdogTests
{
    private static readonly RelaySettings Settings = new(Read: TimeSpan.FromSeconds(2), Send: TimeSpan.FromSeconds(3), Idle: TimeSpan.FromSeconds(5));

    [Fact]
    public void ReadTimeout_FiresNotBeforeTheLimitAndWithinOneBeatAfter()
    {
        var clock = new FakeTimeProvider();
        using var watchdog = new TunnelWatchdog(clock);
        using var tunnel = new WatchedTunnel(clock);
        watchdog.Watch(tunnel.Deadlines);
        tunnel.ToClient.ReadingSince = clock.GetTimestamp();

        Advance(clock, TimeSpan.FromMilliseconds(1990));
        Assert.Null(tunnel.Deadlines.Expired);
        Assert.False(tunnel.Deadlines.Stop.IsCancellationRequested);

        // The beat is a tenth of the shortest timeout (2 s): 200 ms.
        Advance(clock, TimeSpan.FromMilliseconds(210));
        Assert.Equal(TunnelEndReason.ReadTimeout, tunnel.Deadlines.Expired);
        Assert.True(tunnel.Deadlines.Stop.IsCancellationRequested);
    }

    [Fact]
    public void ReadThatEndedInTime_DoesNotExpire()
    {
        var clock = new FakeTimeProvider();
        using var watchdog = new TunnelWatchdog(clock);
        using var tunnel = new WatchedTunnel(clock);
        watchdog.Watch(tunnel.Deadlines);

        for (var i = 0; i < 10; i++)
        {
            tunnel.ToClient.ReadingSince = clock.GetTimestamp();
            Advance(clock, TimeSpan.FromSeconds(1.5));
            tunnel.ToClient.ReadingSince = RelayDirection.NotWaiting;
            tunnel.Deadlines.Delivered(clock.GetTimestamp());
        }

        Assert.Null(tunnel.Deadlines.Expired);
    }

    [Fact]
    public void StalledWrites_AreToldApartBySide()
    {
        var clock = new FakeTimeProvider();
        using var watchdog = new TunnelWatchdog(clock);
        using var toClientStalls = new WatchedTunnel(clock);
        using var toUpstreamStalls = new WatchedTunnel(clock);
        watchdog.Watch(toClientStalls.Deadlines);
        watchdog.Watch(toUpstreamStalls.Deadlines);
        toClientStalls.ToClient.WritingSince = clock.GetTimestamp();
        toUpstreamStalls.ToUpstream.WritingSince = clock.GetTimestamp();

        Advance(clock, TimeSpan.FromSeconds(3.2));

        Assert.Equal(TunnelEndReason.ClientSendTimeout, toClientStalls.Deadlines.Expired);
        Assert.Equal(TunnelEndReason.UpstreamSendTimeout, toUpstreamStalls.Deadlines.Expired);
    }

    [Fact]
    public void Idle_CountsFromTheLastDeliveryEitherWay()
    {
        var clock = new FakeTimeProvider();
        using var watchdog = new TunnelWatchdog(clock);
        using var tunnel = new WatchedTunnel(clock);
        watchdog.Watch(tunnel.Deadlines);

        Advance(clock, TimeSpan.FromSeconds(4));
        tunnel.Deadlines.Delivered(clock.GetTimestamp());
        Advance(clock, TimeSpan.FromSeconds(4));
        Assert.Null(tunnel.Deadlines.Expired);

        Advance(clock, TimeSpan.FromSeconds(1.2));
        Assert.Equal(TunnelEndReason.IdleTimeout, tunnel.Deadlines.Expired);
    }

    [Fact]
    public void ForgottenTunnel_IsNoLongerChecked_AndTheOthersStillAre()
    {
        var clock = new FakeTimeProvider();
        using var watchdog = new TunnelWatchdog(clock);
        using var first = new WatchedTunnel(clock);
        using var second = new WatchedTunnel(clock);
        using var third = new WatchedTunnel(clock);
        watchdog.Watch(first.Deadlines);
        watchdog.Watch(second.Deadlines);
        watchdog.Watch(third.Deadlines);

        watchdog.Forget(first.Deadlines);
        Advance(clock, TimeSpan.FromSeconds(5.2));

        Assert.Null(first.Deadlines.Expired);
        Assert.Equal(TunnelEndReason.IdleTimeout, second.Deadlines.Expired);
        Assert.Equal(TunnelEndReason.IdleTimeout, third.Deadlines.Expired);
    }

    [Fact]
    public void FirstReasonWins()
    {
        var clock = new FakeTimeProvider();
        using var tunnel = new WatchedTunnel(clock);

        tunnel.Deadlines.Expire(TunnelEndReason.KeepAliveTimeout);
        tunnel.Deadlines.Expire(TunnelEndReason.IdleTimeout);

        Assert.Equal(TunnelEndReason.KeepAliveTimeout, tunnel.Deadlines.Expired);
    }

    private static void Advance(FakeTimeProvider clock, TimeSpan by)
    {
        // In steps, so every beat on the way fires.
        var step = TimeSpan.FromMilliseconds(10);
        for (var elapsed = TimeSpan.Zero; elapsed < by; elapsed += step)
        {
            clock.Advance(step);
        }
    }

    private sealed class WatchedTunnel : IDisposable
    {
        public WatchedTunnel(TimeProvider clock)
        {
            ToUpstream = new RelayDirection(new FrameBoundaryTracker(), new DirectionTraffic(), injectable: false);
            ToClient = new RelayDirection(new FrameBoundaryTracker(), new DirectionTraffic(), injectable: false);
            Deadlines = new TunnelDeadlines(ToUpstream, ToClient, Settings, clock, CancellationToken.None, CancellationToken.None);
        }

        public RelayDirection ToUpstream { get; }

        public RelayDirection ToClient { get; }

        public TunnelDeadlines Deadlines { get; }

        public void Dispose()
        {
            Deadlines.Dispose();
            ToUpstream.Dispose();
            ToClient.Dispose();
        }
    }
}
