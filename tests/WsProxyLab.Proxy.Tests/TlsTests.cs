using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WsProxyLab.Proxy.Tls;

namespace WsProxyLab.Proxy.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wsproxylab-tls-").FullName;

    [Fact]
    public async Task Wss_TerminatedWithTheLabCertificate_EchoesThroughToThePlainBackend()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await StartTlsProxyAsync(backend, files);

        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken,
            options => options.RemoteCertificateValidationCallback = LabCa.Validator(files.CaCertificate));
        await socket.SendTextAsync("over tls", cancellationToken);

        Assert.StartsWith("wss://", proxy.WebSocketUri("/").ToString());
        Assert.Equal("over tls", await socket.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task Wss_IsRefusedByAClientThatDoesNotTrustTheLabCa()
    {
        var files = LabCertificates.Create(_directory);
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await StartTlsProxyAsync(backend, files);

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), TestTimeouts.CreateTimer()));

        Assert.Contains("SSL", failure.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wss_TerminatedWithAPasswordProtectedPfx_EchoesThroughToThePlainBackend()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        var pfxPath = Path.Combine(_directory, "server.pfx");
        using (var pem = X509Certificate2.CreateFromPemFile(files.ServerCertificate, files.ServerKey))
        {
            await File.WriteAllBytesAsync(pfxPath, pem.Export(X509ContentType.Pkcs12, "lab-secret"), cancellationToken);
        }

        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?>
        {
            ["Proxy:Tls:PfxPath"] = pfxPath,
            ["Proxy:Tls:PfxPassword"] = "lab-secret",
        }, tls: true);
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken,
            options => options.RemoteCertificateValidationCallback = LabCa.Validator(files.CaCertificate));

        await socket.SendTextAsync("over tls from a pfx", cancellationToken);

        Assert.Equal("over tls from a pfx", await socket.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task CertificateRotation_ServesTheNewCertificate_WithoutDroppingOpenTunnels()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var first = LabCertificates.Create(_directory);
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await StartTlsProxyAsync(backend, first);
        string? firstThumbprint = null;
        using var open = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken,
            options => options.RemoteCertificateValidationCallback = LabCa.Validator(first.CaCertificate, thumbprint => firstThumbprint = thumbprint));
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.App.Services.GetRequiredService<CertificateStore>().Reloaded += () => reloaded.TrySetResult();

        var second = LabCertificates.Create(_directory);
        await reloaded.Task.WaitAsync(cancellationToken);
        string? secondThumbprint = null;
        using var fresh = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken,
            options => options.RemoteCertificateValidationCallback = LabCa.Validator(second.CaCertificate, thumbprint => secondThumbprint = thumbprint));

        Assert.NotEqual(firstThumbprint, secondThumbprint);
        await open.SendTextAsync("still open", cancellationToken);
        Assert.Equal("still open", await open.ReceiveTextAsync(cancellationToken));
        await fresh.SendTextAsync("new cert", cancellationToken);
        Assert.Equal("new cert", await fresh.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task Http2ExtendedConnect_IsForwardedToAnHttp11Backend()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "h1-backend" });
        await using var proxy = await StartTlsProxyAsync(backend, files);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = LabCa.Validator(files.CaCertificate);
        using var invoker = new HttpMessageInvoker(handler);
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = System.Net.HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;

        await socket.ConnectAsync(proxy.WebSocketUri("/ws/echo"), invoker, cancellationToken);
        await socket.SendTextAsync("over h2", cancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, socket.HttpStatusCode);
        Assert.Equal("h1-backend", socket.ResponseHeader("X-Backend-Instance"));
        Assert.Equal("over h2", await socket.ReceiveTextAsync(cancellationToken));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task UpstreamTls_ToABackendWithTheLabCertificate_IsValidatedAgainstTheConfiguredCa()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        await using var backend = await StartTlsBackendAsync(files);
        var httpsDestination = new Uri($"https://localhost:{backend.BaseUri.Port}");
        await using var proxy = await LoopbackProxy.StartAsync([httpsDestination], new Dictionary<string, string?> { ["Proxy:UpstreamTls:CaPath"] = files.CaCertificate });
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);

        await socket.SendTextAsync("tls to the upstream", cancellationToken);

        Assert.Equal("tls to the upstream", await socket.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task UpstreamTls_WithAnUntrustedCertificate_Returns502NamingTheTlsFailure()
    {
        var files = LabCertificates.Create(_directory);
        await using var backend = await StartTlsBackendAsync(files);
        await using var proxy = await LoopbackProxy.StartAsync([new Uri($"https://localhost:{backend.BaseUri.Port}")]);
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, TestTimeouts.CreateTimer());

        var (status, _, body) = await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), TestTimeouts.CreateTimer());

        Assert.Equal(502, status);
        Assert.Contains("TLS failure to upstream d0", body);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Task<LoopbackBackend> StartTlsBackendAsync(LabCertificates.Files files)
    {
        var certificate = CertificateStore.Load(new Configuration.TlsConfig { CertificatePath = files.ServerCertificate, KeyPath = files.ServerKey });
        return LoopbackBackend.StartAsync(configure: builder =>
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate)), https: true);
    }

    [Fact]
    public async Task PlainHttpOnTheTlsPort_Gets400SayingSo_AsNginxAnswers_AndTlsStillWorksAfter()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await StartTlsProxyAsync(backend, files);
        var port = proxy.WebSocketUri("/").Port;

        var answer = await SendRawAsync(port, System.Text.Encoding.ASCII.GetBytes("GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"), cancellationToken);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", System.Text.Encoding.ASCII.GetString(answer), StringComparison.Ordinal);
        Assert.EndsWith("The plain HTTP request was sent to HTTPS port\n", System.Text.Encoding.ASCII.GetString(answer), StringComparison.Ordinal);
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken,
            options => options.RemoteCertificateValidationCallback = LabCa.Validator(files.CaCertificate));
        await socket.SendTextAsync("still tls", cancellationToken);
        Assert.Equal("still tls", await socket.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task GarbageOnTheTlsPort_GetsAFatalUnexpectedMessageAlert_NotASilentClose()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await StartTlsProxyAsync(backend, files);

        var answer = await SendRawAsync(proxy.WebSocketUri("/").Port, [0x00, 0x01, 0x02, 0xff, 0x10, 0x20, 0x30, 0x40], cancellationToken);

        // An alert record (21), TLS 1.2, 2 bytes: fatal (2), unexpected_message (10).
        Assert.Equal(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a }, answer);
    }

    [Fact]
    public async Task ASilentConnectionOnTheTlsPort_IsClosedAtTheHandshakeTimeout()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        await using var backend = await LoopbackBackend.StartAsync();
        var log = new RecordingLoggerProvider();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?>
        {
            ["Proxy:Tls:CertificatePath"] = files.ServerCertificate,
            ["Proxy:Tls:KeyPath"] = files.ServerKey,
            ["Proxy:HandshakeTimeout"] = "00:00:01",
        }, tls: true, configure: builder => builder.Logging.AddProvider(log));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var answer = await SendRawAsync(proxy.WebSocketUri("/").Port, [], cancellationToken);

        Assert.Empty(answer);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Single(log.Entries, entry => entry.Message.Contains("within 1 s; answered with a close (TLS port)", StringComparison.Ordinal));
    }

    /// <summary>Sends <paramref name="bytes"/> on a bare TCP connection and reads everything until the peer closes.</summary>
    private static async Task<byte[]> SendRawAsync(int port, byte[] bytes, CancellationToken cancellationToken)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes, cancellationToken);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, cancellationToken);
        return answer.ToArray();
    }

    private static Task<LoopbackProxy> StartTlsProxyAsync(LoopbackBackend backend, LabCertificates.Files files) =>
        LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?>
        {
            ["Proxy:Tls:CertificatePath"] = files.ServerCertificate,
            ["Proxy:Tls:KeyPath"] = files.ServerKey,
        }, tls: true);
}
