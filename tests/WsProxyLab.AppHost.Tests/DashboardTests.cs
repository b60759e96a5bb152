using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WsProxyLab.AppHost.Tests;

/// <summary>The AppHost started as a user starts it, and its Aspire dashboard in Debian's Chromium.</summary>
public sealed partial class DashboardTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] ChromiumFlags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
    private static readonly string[] Resources = ["backend-0", "backend-1", "backend-2", "wsproxy", "yarp", "nginx", "haproxy"];

    [Fact]
    public async Task Dashboard_ListsEveryResourceRunning_DrainsFromThePage_AndShowsTheTunnelMetric_ThenSigtermLeavesNothing()
    {
        if (!File.Exists(Chromium))
        {
            Assert.SkipWhen(Environment.GetEnvironmentVariable("WSPROXYLAB_REQUIRE_PEERS") != "1", $"{Chromium} is not installed (apt-get install chromium)");
            Assert.Fail($"{Chromium} is not installed (apt-get install chromium)");
        }

        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromMinutes(4));
        using var appHost = AppHostProcess.Start();
        var started = Stopwatch.StartNew();
        var login = LoginUrl().Match(await appHost.ReadUntilAsync("Login to the dashboard at", cancellationToken)).Value;
        var wsproxy = WsproxyLine().Match(await appHost.ReadUntilAsync("target wsproxy", cancellationToken)).Groups["url"].Value;
        await appHost.ReadUntilAllAsync(["target backend-0", "target yarp", "target nginx", "target haproxy"], cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"every target healthy {started.Elapsed.TotalSeconds:0.0} s after the start");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumFlags });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(login);
        foreach (var resource in Resources)
        {
            await Assertions.Expect(Row(page, resource).Filter(new LocatorFilterOptions { HasText = "Running" }))
                .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        }

        using var client = await WebSocketTestClient.ConnectAsync(new Uri(wsproxy), cancellationToken);
        await Row(page, "wsproxy").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new PageGetByRoleOptions { Name = "Drain" }).ClickAsync();
        var (status, _) = await client.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);

        await page.GotoAsync(new Uri(new Uri(login), "/metrics/resource/wsproxy").ToString());
        await Assertions.Expect(page.GetByText("wsproxylab.proxy.tunnels.active").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });

        // The marker reaches the lab's processes (DCP, replicas, proxies): the emptiness asserted below means something.
        Assert.True(appHost.Leftovers().Count >= 8, string.Join("\n", appHost.Leftovers()));
        Assert.Equal(2, (await AppHostProcess.LabContainersAsync(cancellationToken)).Count);

        await appHost.SignalAsync("TERM", cancellationToken);
        var stopped = await appHost.WaitUntilNothingLeftAsync(TimeSpan.FromSeconds(30), cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"nothing left {stopped.TotalSeconds:0.0} s after SIGTERM");
        Assert.Empty(appHost.Leftovers());
        Assert.Empty(await AppHostProcess.LabContainersAsync(cancellationToken));
    }

    [Fact]
    public async Task AppHost_KilledWithSigkill_LeavesNoProcessOrContainerAfter30Seconds()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromMinutes(3));
        using var appHost = AppHostProcess.Start();
        await appHost.ReadUntilAllAsync(["target wsproxy", "target nginx", "target haproxy"], cancellationToken);

        Assert.Equal(2, (await AppHostProcess.LabContainersAsync(cancellationToken)).Count);
        using (var kill = Process.Start("kill", ["-KILL", appHost.AppHostProcessId().ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        var cleaned = await appHost.WaitUntilNothingLeftAsync(TimeSpan.FromSeconds(30), cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"nothing left {cleaned.TotalSeconds:0.0} s after SIGKILL");
        Assert.Empty(appHost.Leftovers());
        Assert.Empty(await AppHostProcess.LabContainersAsync(cancellationToken));
    }

    [Fact]
    public async Task AppHost_BadReplicaCount_StopsBeforeAnythingStarts_NamingTheValueAndRange()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        using var appHost = AppHostProcess.Start("--replicas", "0");

        var line = await appHost.ReadUntilAsync("--replicas", cancellationToken);

        Assert.Equal("error: --replicas is '0'; choose a whole number from 1 to 16.", line);
        Assert.Equal(2, await appHost.WaitForExitAsync(cancellationToken));
    }

    /// <summary>The Resources grid's row whose name cell is exactly <paramref name="resource"/>.</summary>
    private static ILocator Row(IPage page, string resource) =>
        page.Locator("tr.resource-row").Filter(new LocatorFilterOptions { Has = page.Locator("span.resource-name-text").GetByText(resource, new LocatorGetByTextOptions { Exact = true }) });

    [GeneratedRegex(@"http://localhost:\d+/login\?t=\w+")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"target wsproxy\s+(?<url>ws://\S+)")]
    private static partial Regex WsproxyLine();
}
