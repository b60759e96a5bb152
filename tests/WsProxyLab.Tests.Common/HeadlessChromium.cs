using Microsoft.Playwright;

namespace WsProxyLab.Tests.Common;

/// <summary>Debian's Chromium driven by Playwright, headless, as the browser tests run it (the dashboard, the compare report).</summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] Flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? Missing() => File.Exists(Executable) ? null : $"{Executable} is not installed (apt-get install chromium)";

    /// <summary>Skips (or fails, when peers are required) unless Chromium is installed.</summary>
    public static void Require()
    {
        if (Missing() is { } missing)
        {
            PeerRequirement.Unavailable(missing);
        }
    }

    /// <summary>Launches it; dispose the browser to stop it.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Executable, Headless = true, Args = Flags });
    }
}
