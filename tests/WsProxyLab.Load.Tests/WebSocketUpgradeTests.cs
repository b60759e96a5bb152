using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using WsProxyLab.Load.Connections;

namespace WsProxyLab.Load.Tests;

/// <summary>The connector's own RFC 6455 handshake, against Kestrel and against a server written byte by byte.</summary>
public sealed class WebSocketUpgradeTests
{
    [Fact]
    public async Task Wss_WithTheTargetsCertificateTrusted_Echoes()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var certificate = SelfSignedLoopbackCertificate();
        await using var backend = await LoopbackBackend.StartAsync(
            configure: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate)), https: true);
        var connector = new SourceAddressConnector(sourceAddresses: 1, (_, presented, _, _) => presented is not null && new X509Certificate2(presented).Thumbprint == certificate.Thumbprint);

        using var socket = await connector.ConnectAsync(new Uri($"wss://{backend.BaseUri.Authority}/ws/echo"), cancellationToken);
        await socket.SendTextAsync("over tls", cancellationToken);

        Assert.Equal("over tls", await socket.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task Wss_WithAnUntrustedCertificate_IsAWebSocketExceptionNamingTheTarget()
    {
        using var certificate = SelfSignedLoopbackCertificate();
        await using var backend = await LoopbackBackend.StartAsync(
            configure: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate)), https: true);
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

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
