using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;
using Websocket.Client;

namespace WsProxyLab.LoadTests.Compare.Clients;

/// <summary>Runs one session of a real client against a target and reports how it closed.</summary>
internal static class RealClientSessions
{
    public const int ClientCode = 4001;
    public const string ClientReason = "client done";
    public const string ChromiumExecutable = "/usr/bin/chromium";
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Where <c>ws-close.mjs</c> and its <c>node_modules</c> are (the project's <c>clients/</c>).</summary>
    public static string NodeDirectory => typeof(RealClientSessions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(attribute => attribute.Key == "ClientsDirectory").Value!;

    /// <summary>Why the client cannot run here, or null.</summary>
    public static string? Missing(RealClient client) => client switch
    {
        RealClient.Chromium when !File.Exists(ChromiumExecutable) => $"{ChromiumExecutable} is not installed (apt-get install chromium)",
        RealClient.NodeWs when !Directory.Exists(Path.Combine(NodeDirectory, "node_modules", "ws")) => $"Node's ws is not installed (npm ci --prefix {NodeDirectory})",
        _ => null,
    };

    public static Uri Url(MeasurementInput input, ClientTransport transport, CloseSide side)
    {
        var path = side == CloseSide.Client ? "/ws/echo" : "/ws/source?rate=1&count=1";
        return transport == ClientTransport.Ws ? input.WebSocket(path) : input.SecureWebSocket(path);
    }

    public static async Task<ClientSession> RunAsync(RealClient client, ClientTransport transport, CloseSide side, MeasurementInput input, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SessionTimeout);
        try
        {
            return client switch
            {
                RealClient.WebsocketClient => await WebsocketClientAsync(Url(input, transport, side), transport, side, input, timeout.Token).ConfigureAwait(false),
                RealClient.NodeWs => await NodeAsync(Url(input, transport, side), side, input, timeout.Token).ConfigureAwait(false),
                _ => await ChromiumAsync(input, transport, side, timeout.Token).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ClientSession.Failed($"no close within {SessionTimeout.TotalSeconds:0} s");
        }
        catch (Exception exception) when (exception is Websocket.Client.Exceptions.WebsocketException or WebSocketException or PlaywrightException or IOException or JsonException)
        {
            return ClientSession.Failed(exception.GetBaseException().Message);
        }
    }

    private static async Task<ClientSession> WebsocketClientAsync(Uri url, ClientTransport transport, CloseSide side, MeasurementInput input, CancellationToken cancellationToken)
    {
        var closed = new TaskCompletionSource<ClientSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = input.CertificateValidation } };
        using var invoker = new HttpMessageInvoker(handler);
        using var client = new WebsocketClient(url, logger: null, async (uri, token) =>
        {
            var socket = new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.Zero } };
            if (transport == ClientTransport.WssHttp2)
            {
                // The invoker's handler validates the certificate: ClientWebSocket refuses a callback of its own beside an invoker.
                socket.Options.HttpVersion = HttpVersion.Version20;
                socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
                await socket.ConnectAsync(uri, invoker, token).ConfigureAwait(false);
            }
            else
            {
                socket.Options.RemoteCertificateValidationCallback = input.CertificateValidation;
                await socket.ConnectAsync(uri, token).ConfigureAwait(false);
            }

            return socket;
        })
        {
            IsReconnectionEnabled = false,
            ReconnectTimeout = null,
        };
        client.MessageReceived.Subscribe(_ => received.TrySetResult());
        client.DisconnectionHappened.Subscribe(info => closed.TrySetResult(new ClientSession(
            (int?)info.CloseStatus, info.CloseStatusDescription ?? string.Empty, received.Task.IsCompleted, Protocol(transport), info.Exception?.Message)));
        await client.StartOrFail().ConfigureAwait(false);
        if (side == CloseSide.Client)
        {
            client.Send("hello");
            await received.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await client.Stop((WebSocketCloseStatus)ClientCode, ClientReason).ConfigureAwait(false);
            var native = client.NativeClient;
            return new ClientSession((int?)native?.CloseStatus, native?.CloseStatusDescription ?? string.Empty, Received: true, Protocol(transport), null);
        }

        return await closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ClientSession> NodeAsync(Uri url, CloseSide side, MeasurementInput input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = NodeDirectory };
        foreach (var argument in new[] { Path.Combine(NodeDirectory, "ws-close.mjs"), url.ToString(), side == CloseSide.Client ? "client" : "server", input.Backends.CaCertificate })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(output.Length == 0 ? "{\"error\":\"node printed nothing\"}" : output);
        var root = json.RootElement;
        return root.TryGetProperty("error", out var error)
            ? ClientSession.Failed(error.GetString() ?? "?")
            : new ClientSession(root.GetProperty("code").GetInt32(), root.GetProperty("reason").GetString() ?? string.Empty, root.GetProperty("echoed").GetBoolean(), "HTTP/1.1", null);
    }

    private static async Task<ClientSession> ChromiumAsync(MeasurementInput input, ClientTransport transport, CloseSide side, CancellationToken cancellationToken)
    {
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumExecutable,
            Headless = true,
            // The lab CA is not the system's; HTTP/2 is kept from the plain wss:// sessions so that they speak HTTP/1.1.
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--ignore-certificate-errors", .. transport == ClientTransport.Wss ? ["--disable-http2"] : Array.Empty<string>()],
        }).ConfigureAwait(false);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { IgnoreHTTPSErrors = true }).ConfigureAwait(false);
        var handshakeStatus = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var devtools = await page.Context.NewCDPSessionAsync(page).ConfigureAwait(false);
        devtools.Event("Network.webSocketHandshakeResponseReceived").OnEvent += (_, payload) =>
            handshakeStatus.TrySetResult(payload?.GetProperty("response").GetProperty("status").GetInt32() ?? 0);
        await devtools.SendAsync("Network.enable").ConfigureAwait(false);
        // The page comes from the target's origin first: Chromium opens a WebSocket over HTTP/2 only on an HTTP/2
        // connection it already has to that origin.
        var url = Url(input, transport, side);
        await page.GotoAsync(new UriBuilder(url) { Scheme = transport == ClientTransport.Ws ? "http" : "https", Path = "/health", Query = string.Empty }.Uri.ToString()).ConfigureAwait(false);
        var result = await page.EvaluateAsync<JsonElement>(
            """
            ([url, side, code, reason]) => new Promise(resolve => {
              const socket = new WebSocket(url);
              let received = false;
              socket.onopen = () => { if (side === 'client') socket.send('hello'); };
              socket.onmessage = () => { received = true; if (side === 'client') socket.close(code, reason); };
              socket.onclose = event => resolve({ code: event.code, reason: event.reason, received });
              setTimeout(() => resolve({ error: 'no close within 10 s', received }), 10000);
            })
            """, new object[] { url.ToString(), side == CloseSide.Client ? "client" : "server", ClientCode, ClientReason }).WaitAsync(cancellationToken).ConfigureAwait(false);
        var status = handshakeStatus.Task.IsCompleted ? handshakeStatus.Task.Result : 0;
        var protocol = status switch { 101 => "HTTP/1.1", 200 => "HTTP/2", _ => null };
        return result.TryGetProperty("error", out var error)
            ? ClientSession.Failed(error.GetString() ?? "?") with { Protocol = protocol }
            : new ClientSession(result.GetProperty("code").GetInt32(), result.GetProperty("reason").GetString() ?? string.Empty, result.GetProperty("received").GetBoolean(), protocol, null);
    }

    private static string Protocol(ClientTransport transport) => transport == ClientTransport.WssHttp2 ? "HTTP/2" : "HTTP/1.1";
}
