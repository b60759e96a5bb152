using System.Net;
using Microsoft.AspNetCore.Http;
using WsProxyLab.Proxy.Balancing;

namespace WsProxyLab.Proxy.Tests;

public sealed class SelectorTests
{
    private static List<Destination> Destinations(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Destination($"d{i}", new Uri($"http://127.0.0.1:{10000 + i}")))];

    [Fact]
    public void LeastTunnels_ChoosesTheDestinationWithFewestTunnels()
    {
        var destinations = Destinations(3);
        using var a = destinations[0].TrackTunnel();
        using var b = destinations[0].TrackTunnel();
        using var c = destinations[2].TrackTunnel();
        var selector = new LeastTunnelsSelector(destinations);

        for (var i = 0; i < 5; i++)
        {
            var order = selector.Order(new DefaultHttpContext());
            Assert.Equal("d1", order[0].Id);
            Assert.Equal(["d1", "d2", "d0"], order.Select(d => d.Id));
        }
    }

    [Fact]
    public void PowerOfTwoChoices_WithTwoDestinations_AlwaysPicksTheLessLoaded()
    {
        var destinations = Destinations(2);
        using var busy = destinations[1].TrackTunnel();
        var selector = new PowerOfTwoChoicesSelector(destinations, new Random(42));

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal("d0", selector.Order(new DefaultHttpContext())[0].Id));
    }

    [Fact]
    public void Tracking_CountsOnlyOpenTunnels()
    {
        var destination = Destinations(1)[0];

        var first = destination.TrackTunnel();
        using (destination.TrackTunnel())
        {
            Assert.Equal(2, destination.ActiveTunnels);
        }

        first.Dispose();
        first.Dispose();
        Assert.Equal(0, destination.ActiveTunnels);
    }

    [Theory]
    [InlineData("10.1.2.3", "10.1.2")]
    [InlineData("10.1.2.200", "10.1.2")]
    [InlineData("::ffff:10.1.2.3", "10.1.2")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    public void IpHash_UsesTheIpv4Slash24OrTheWholeIpv6Address(string address, string key)
    {
        Assert.Equal(key, IpHashSelector.Key(IPAddress.Parse(address)));
    }

    [Fact]
    public void HashRing_RemovingOneOfFourDestinations_MovesOnlyItsKeys_AboutAQuarter()
    {
        var four = Destinations(4);
        var three = four.Take(3).ToList();
        var before = new HashRing(four);
        var after = new HashRing(three);
        var keys = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToList();

        var moved = keys.Count(key => before.Walk(key)[0].Id != after.Walk(key)[0].Id);

        Assert.All(keys.Where(key => before.Walk(key)[0].Id != "d3"), key => Assert.Equal(before.Walk(key)[0].Id, after.Walk(key)[0].Id));
        Assert.InRange(moved / 10_000.0, 0.15, 0.35);
    }

    [Fact]
    public void HashRing_AddingAFifthDestination_MovesAboutAFifthOfTheKeys()
    {
        var four = Destinations(4);
        var five = Destinations(5);
        var keys = Enumerable.Range(0, 10_000).Select(i => $"session-{i}").ToList();
        var before = new HashRing(four);
        var after = new HashRing(five);

        var moved = keys.Count(key => before.Walk(key)[0].Id != after.Walk(key)[0].Id);

        Assert.InRange(moved / 10_000.0, 0.12, 0.30);
        Assert.All(keys, key => Assert.Equal(5, after.Walk(key).Count));
    }
}
