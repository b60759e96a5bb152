using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using WsProxyLab.Load.Connections;

namespace WsProxyLab.Load.Tests;

/// <summary>The connector's own RFC 6455 handshake, against Kestrel and against a server written byte by byte.</summary>
public sealed class WebSocketUpgradeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wsproxylab-load-tls-").FullName;

    [Fact]
    public async Task Wss_WithTheLabCaTrusted_Echoes()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var (backend, certificates) = await LabTlsBackend.StartAsync(_directory);
        await using var running = backend;
        var connector = new SourceAddressConnector(sourceAddresses: 1, LabCa.Validator(certificates.CaCertificate));

        using var socket = await connector.ConnectAsync(new Uri($"wss://{backend.BaseUri.Authority}/ws/echo"), cancellationToken);
        await socket.SendTextAsync("over tls", cancellationToken);

        Assert.Equal("over tls", await socket.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task Wss_WithAnUntrustedCertificate_IsAWebSocketExceptionNamingTheTarget()
    {
        var (backend, _) = await LabTlsBackend.StartAsync(_directory);
        await using var running = backend;
        var target = new Uri($"wss://{backend.BaseUri.Authority}/ws/echo");

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => new SourceAddressConnector(sourceAddresses: 1).ConnectAsync(target, TestTimeouts.CreateTimer()));

        Assert.Contains(target.ToString(), failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatAnswers200_IsAFailedHandshakeNamingTheStatus()
    {
        await using var backend = await LoopbackBackend.StartAsync();

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => new SourceAddressConnector(sourceAddresses: 1).ConnectAsync(backend.WebSocketUri("/health"), TestTimeouts.CreateTimer()));

        Assert.Contains("'200'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFrameSentInTheSameWriteAsThe101_IsTheFirstMessage()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = AnswerOnceAsync(listener, accept => [.. Encoding.ASCII.GetBytes(HandWrittenServer.SwitchingProtocols(accept)), 0x81, 0x05, .. "first"u8]);

        var socket = await new SourceAddressConnector(sourceAddresses: 1).ConnectAsync(new Uri($"ws://{listener.LocalEndpoint}/"), cancellationToken);
        var first = await socket.ReceiveTextAsync(cancellationToken);
        socket.Dispose();
        await server;

        Assert.Equal("first", first);
    }

    [Fact]
    public async Task A101WithTheWrongAcceptValue_IsRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = AnswerOnceAsync(listener, _ => Encoding.ASCII.GetBytes(HandWrittenServer.SwitchingProtocols(Convert.ToBase64String(new byte[20]))));

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => new SourceAddressConnector(sourceAddresses: 1).ConnectAsync(new Uri($"ws://{listener.LocalEndpoint}/"), TestTimeouts.CreateTimer()));

        Assert.Contains("Sec-WebSocket-Accept", failure.Message, StringComparison.Ordinal);
        await server;
    }

    /// <summary>Reads one handshake request and writes <paramref name="response"/> (given the correct accept value) in a single write.</summary>
    private static async Task AnswerOnceAsync(TcpListener listener, Func<string, byte[]> response)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var (client, accept) = await HandWrittenServer.AcceptHandshakeAsync(listener, cancellationToken);
        using (client)
        {
            await client.GetStream().WriteAsync(response(accept), cancellationToken);
            await HandWrittenServer.HoldUntilTheClientGoesAsync(client.GetStream(), cancellationToken);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
