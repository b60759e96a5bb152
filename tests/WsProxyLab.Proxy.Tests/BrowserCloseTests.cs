using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;
using WsProxyLab.Proxy.Tls;

namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// Debian's Chromium through the proxy's TLS endpoint: after a page is loaded there, Chromium speaks WebSocket over that
/// HTTP/2 connection (extended CONNECT) and ends its half of the stream right after its close frame. The echo
/// backend's close reply must still reach it, so the page sees the code it sent instead of 1006.
/// </summary>
public sealed class BrowserCloseTests : IDisposable
{
    private const string Route = "browser-close";
    private const int Sessions = 5;

    private const string CloseFiveTimes = """
        async ({ url, sessions }) => {
          const codes = [];
          for (let i = 0; i < sessions; i++) {
            codes.push(await new Promise(resolve => {
              const socket = new WebSocket(url);
              socket.onopen = () => socket.send(`hello ${i}`);
              socket.onmessage = () => socket.close(1000, 'page closed');
              socket.onclose = event => resolve(event.code);
            }));
          }
          return codes;
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("wsproxylab-browser-").FullName;
    private readonly ConcurrentQueue<string> _upgrades = new();
    private readonly ActivityListener _listener;

    public BrowserCloseTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "WsProxyLab.Proxy",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("wsproxy.route") as string == Route && activity.GetTagItem("wsproxy.upgrade") is string upgrade)
                {
                    _upgrades.Enqueue(upgrade);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task Chromium_OverHttp2_ClosingWith1000_SeesTheUpstreamsReply_InEverySession()
    {
        HeadlessChromium.Require();
        var cancellationToken = TestTimeouts.CreateTimer();
        var files = LabCertificates.Create(_directory);
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?>
        {
            ["Proxy:Tls:CertificatePath"] = files.ServerCertificate,
            ["Proxy:Tls:KeyPath"] = files.ServerKey,
        }, routeId: Route, tls: true);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        // A page from the proxy's origin (the backend's health text, forwarded): its HTTP/2 connection is the one
        // Chromium then opens its WebSockets on.
        var loaded = await page.GotoAsync(proxy.HttpUri("/health").AbsoluteUri);
        Assert.True(loaded is { Ok: true }, $"the page did not load: {loaded?.Status}");

        var codes = await page.EvaluateAsync<int[]>(CloseFiveTimes, new { url = proxy.WebSocketUri("/ws/echo").AbsoluteUri, sessions = Sessions }).WaitAsync(cancellationToken);

        Assert.Equal(Enumerable.Repeat(1000, Sessions), codes);
        Assert.Equal(Enumerable.Repeat("h2-extended-connect", Sessions), _upgrades);
    }

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
