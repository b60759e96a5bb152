using System.Net;

namespace WsProxyLab.Proxy.Tests;

public sealed class BalancingTests : IAsyncLifetime
{
    private readonly List<LoopbackBackend> _backends = [];

    public async ValueTask InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            _backends.Add(await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = $"backend-{i}" }));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task IpHash_KeepsAClientOnOneBackendAcrossReconnects()
    {
        await using var proxy = await StartProxyAsync("IpHash");

        var seen = await ConnectManyAsync(proxy, "/ws/echo", 6);

        Assert.Single(seen.Distinct());
    }

    [Fact]
    public async Task ConsistentHash_SameKeySameBackend_DifferentKeysSpread()
    {
        await using var proxy = await StartProxyAsync("ConsistentHash", new() { ["Proxy:Routes:all:HashKey"] = "query:user" });

        var alice = await ConnectManyAsync(proxy, "/ws/echo?user=alice", 4);
        var many = new List<string?>();
        for (var i = 0; i < 30; i++)
        {
            many.AddRange(await ConnectManyAsync(proxy, $"/ws/echo?user=user{i}", 1));
        }

        Assert.Single(alice.Distinct());
        Assert.True(many.Distinct().Count() >= 2, $"30 keys all landed on {many[0]}");
    }

    [Fact]
    public async Task StickyCookie_KeepsTheClient_AndRepinsWhenItsBackendStops()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var proxy = await StartProxyAsync("StickyCookie");
        var cookies = new CookieContainer();

        var pinned = await ConnectManyAsync(proxy, "/ws/echo", 4, cookies);
        Assert.Single(pinned.Distinct());
        var pinnedIndex = int.Parse(pinned[0]!["backend-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"d{pinnedIndex}", cookies.GetCookies(proxy.BaseUri)["wsproxy-affinity"]?.Value);

        await _backends[pinnedIndex].App.StopAsync(cancellationToken);
        var repinned = await ConnectManyAsync(proxy, "/ws/echo", 3, cookies);

        Assert.Single(repinned.Distinct());
        Assert.NotEqual(pinned[0], repinned[0]);
    }

    [Fact]
    public async Task LeastTunnels_SpreadsHeldTunnelsEvenly()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var proxy = await StartProxyAsync("LeastTunnels");
        var held = new List<System.Net.WebSockets.ClientWebSocket>();
        for (var i = 0; i < 6; i++)
        {
            held.Add(await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken));
        }

        var counts = held.GroupBy(socket => socket.ResponseHeader("X-Backend-Instance")).Select(group => group.Count()).ToList();

        Assert.Equal([2, 2, 2], counts);
        held.ForEach(socket => socket.Dispose());
    }

    private Task<LoopbackProxy> StartProxyAsync(string policy, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Proxy:Routes:all:LoadBalancingPolicy"] = policy;
        return LoopbackProxy.StartAsync(_backends.Select(backend => backend.BaseUri), settings);
    }

    private static async Task<List<string?>> ConnectManyAsync(LoopbackProxy proxy, string pathAndQuery, int count, CookieContainer? cookies = null)
    {
        var seen = new List<string?>();
        for (var i = 0; i < count; i++)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri(pathAndQuery), TestTimeouts.CreateTimer(),
                options => options.Cookies = cookies);
            seen.Add(socket.ResponseHeader("X-Backend-Instance"));
        }

        return seen;
    }
}
