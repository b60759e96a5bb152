using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using WsProxyLab.Proxy.Forwarding;

namespace WsProxyLab.Proxy.Tests;

public sealed class ConfigReloadTests : IDisposable
{
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("wsproxylab-config-").FullName, "proxy.json");

    [Fact]
    public async Task AddingADestination_AppliesWithoutDroppingOpenTunnels()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var a = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "a" });
        await using var b = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "b" });
        WriteConfig(("a", a), null);
        await using var proxy = await LoopbackProxy.StartAsync([], configFile: _file);
        using var open = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);

        await ReloadAsync(proxy, () => WriteConfig(("a", a), ("b", b)), expectApplied: true, cancellationToken);

        var seen = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
            seen.Add(socket.ResponseHeader("X-Backend-Instance"));
        }

        Assert.Equal(["a", "b"], seen.Order());
        await open.SendTextAsync("still here", cancellationToken);
        Assert.Equal("still here", await open.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task RemovingADestination_EndsOnlyItsTunnels()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var a = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "a" });
        await using var b = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "b" });
        WriteConfig(("a", a), ("b", b));
        await using var proxy = await LoopbackProxy.StartAsync([], configFile: _file);
        using var first = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        using var second = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        var toA = first.ResponseHeader("X-Backend-Instance") == "a" ? first : second;
        var toB = ReferenceEquals(toA, first) ? second : first;

        await ReloadAsync(proxy, () => WriteConfig(("b", b), null), expectApplied: true, cancellationToken);

        var (status, reason) = await toA.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Equal("destination removed from the proxy configuration", reason);
        await toB.SendTextAsync("unaffected", cancellationToken);
        Assert.Equal("unaffected", await toB.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task InvalidChange_IsRejected_AndTheRunningRoutesKeepServing()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var a = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "a" });
        WriteConfig(("a", a), null);
        await using var proxy = await LoopbackProxy.StartAsync([], configFile: _file);

        await ReloadAsync(proxy, () => File.WriteAllText(_file, """{ "Proxy": { "Routes": { "all": { "Destinations": { "a": { "Address": "ftp://nowhere" } } } } } }"""),
            expectApplied: false, cancellationToken);

        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        Assert.Equal("a", socket.ResponseHeader("X-Backend-Instance"));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

    private void WriteConfig((string Id, LoopbackBackend Backend) first, (string Id, LoopbackBackend Backend)? second)
    {
        var destinations = new[] { first }.Concat(second is { } more ? [more] : [])
            .Select(d => $"\"{d.Id}\": {{ \"Address\": \"{d.Backend.BaseUri.GetLeftPart(UriPartial.Authority)}\" }}");
        File.WriteAllText(_file, $$"""{ "Proxy": { "Routes": { "all": { "PathPrefix": "/", "Destinations": { {{string.Join(", ", destinations)}} } } } } }""");
    }

    private static async Task ReloadAsync(LoopbackProxy proxy, Action change, bool expectApplied, CancellationToken cancellationToken)
    {
        var outcome = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.App.Services.GetRequiredService<RouteTable>().Reloaded += applied => outcome.TrySetResult(applied);
        change();
        Assert.Equal(expectApplied, await outcome.Task.WaitAsync(cancellationToken));
    }
}
