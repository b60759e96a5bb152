using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WsProxyLab.Proxy.Admin;
using WsProxyLab.Proxy.Configuration;
using WsProxyLab.Proxy.Diagnostics;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

public sealed class MemoryTrimmerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly TunnelRegistry _registry;
    private readonly MemoryTrimmer _trimmer;

    public MemoryTrimmerTests()
    {
        _registry = new TunnelRegistry(_clock);
        var options = new ProxyOptions { MemoryTrimAfterTunnels = 3, MemoryTrimQuietPeriod = TimeSpan.FromSeconds(1) };
        _trimmer = new MemoryTrimmer(_registry, new StaticOptionsMonitor(options), _clock, NullLogger<MemoryTrimmer>.Instance);
    }

    [Fact]
    public void Check_TrimsOnceAfterABurstHasBeenQuietForThePeriod()
    {
        Open(3);

        Assert.False(_trimmer.Check());
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.False(_trimmer.Check());
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(_trimmer.Check());
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(_trimmer.Check());
    }

    [Fact]
    public void Check_NeverTrimsWhileTunnelsKeepOpening_OrAfterTooFewOfThem()
    {
        for (var i = 0; i < 10; i++)
        {
            Open(1);
            Assert.False(_trimmer.Check());
            _clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        using var quiet = new MemoryTrimmerTests();
        quiet.Open(2);
        Assert.False(quiet._trimmer.Check());
        quiet._clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(quiet._trimmer.Check());
    }

    public void Dispose() => _trimmer.Dispose();

    private void Open(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _registry.Register("ws", "backend-1", "127.0.0.1:5000", new TunnelTraffic()).Dispose();
        }
    }

    private sealed class StaticOptionsMonitor(ProxyOptions value) : IOptionsMonitor<ProxyOptions>
    {
        public ProxyOptions CurrentValue => value;

        public ProxyOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ProxyOptions, string?> listener) => null;
    }
}
