using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsProxyLab.Proxy.Tls;
using WsProxyLab.Proxy.Transport;

namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// The proxy's Kestrel transport hands the client socket of an upgraded request to the tunnel. Tested on a bare
/// Kestrel app whose upgraded requests echo bytes, so what the takeover does is seen directly.
/// </summary>
public sealed class ClientSocketHandoffTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wsproxylab-handoff-").FullName;

    [Fact]
    public async Task TakenOverConnection_Gets101First_ThenBytesSentBehindTheRequest_ThenLaterBytes_ThenTheClientsClose()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var takenOver = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartEchoAppAsync(takenOver, certificate: null);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(ServerEndPoint(app), cancellationToken);
        var stream = client.GetStream();

        // "early" rides in the same segment as the request, so Kestrel's receive loop has it in its pipe at the takeover.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(UpgradeRequest + "early"), cancellationToken);
        var head = await ReadHeadAsync(stream, cancellationToken);
        var early = await ReadAsciiAsync(stream, 5, cancellationToken);
        await stream.WriteAsync("later"u8.ToArray(), cancellationToken);
        var later = await ReadAsciiAsync(stream, 5, cancellationToken);
        client.Client.Shutdown(SocketShutdown.Send);
        var afterClose = await stream.ReadAsync(new byte[16], cancellationToken);

        Assert.True(await takenOver.Task);
        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
        Assert.Equal("early", early);
        Assert.Equal("later", later);
        Assert.Equal(0, afterClose);
    }

    [Fact]
    public async Task TlsConnection_IsNotTakenOver_AndEchoesThroughKestrelsStream()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        using var certificate = X509Certificate2.CreateFromPemFile(files.ServerCertificate, files.ServerKey);
        var takenOver = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartEchoAppAsync(takenOver, certificate);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(ServerEndPoint(app), cancellationToken);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, LabCa.Validator(files.CaCertificate));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cancellationToken);

        await tls.WriteAsync(Encoding.ASCII.GetBytes(UpgradeRequest), cancellationToken);
        var head = await ReadHeadAsync(tls, cancellationToken);
        await tls.WriteAsync("over tls"u8.ToArray(), cancellationToken);
        var echoed = await ReadAsciiAsync(tls, 8, cancellationToken);

        Assert.False(await takenOver.Task);
        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
        Assert.Equal("over tls", echoed);
    }

    [Fact]
    public async Task StoppingTheServer_ClosesATakenOverConnection()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var takenOver = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = await StartEchoAppAsync(takenOver, certificate: null, shutdownTimeout: TimeSpan.FromMilliseconds(200));
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(ServerEndPoint(app), cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(UpgradeRequest), cancellationToken);
        await ReadHeadAsync(stream, cancellationToken);
        Assert.True(await takenOver.Task);

        // The echo never ends by itself: after the shutdown timeout Kestrel aborts the connection, which closes the socket.
        await app.DisposeAsync();
        var ended = await ReadsToTheEndAsync(stream, cancellationToken);

        Assert.True(ended);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string UpgradeRequest = "GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n";

    private static async Task<WebApplication> StartEchoAppAsync(TaskCompletionSource<bool> takenOver, X509Certificate2? certificate, TimeSpan? shutdownTimeout = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders().AddProvider(new TestOutputLoggerProvider());
        builder.Services.AddSingleton<IConnectionListenerFactory, ClientTransportFactory>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            var upgraded = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
            var handedOff = context.Features.Get<IClientSocketHandoffFeature>()?.TryTakeOver();
            takenOver.TrySetResult(handedOff is not null);
            var stream = handedOff ?? upgraded;
            var buffer = new byte[1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (IOException)
            {
                // Aborted by the server's shutdown.
            }
        });
        await app.StartAsync(TestTimeouts.CreateTimer());
        return app;
    }

    private static System.Net.IPEndPoint ServerEndPoint(WebApplication app) =>
        System.Net.IPEndPoint.Parse(new Uri(app.Urls.First()).Authority);

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private static async Task<string> ReadAsciiAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return Encoding.ASCII.GetString(bytes);
    }

    private static async Task<bool> ReadsToTheEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(new byte[16], cancellationToken) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
