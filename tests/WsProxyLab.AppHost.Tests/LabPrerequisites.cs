using WsProxyLab.Peers.Docker;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.AppHost.Tests;

/// <summary>What the whole lab needs on this machine; a test that lacks it skips with the reason, or fails in CI.</summary>
internal static class LabPrerequisites
{
    /// <summary>Why the lab cannot run here with its nginx and HAProxy, or null when it can.</summary>
    public static string? MissingBinary() =>
        new[] { PeerTargets.NginxBinary, PeerTargets.HaproxyBinary }.Where(binary => !File.Exists(binary))
            .Select(binary => $"{binary} is not installed (apt-get install {Path.GetFileName(binary)})").FirstOrDefault();

    /// <summary>Skips (or fails) unless nginx and HAProxy are installed and, with <paramref name="docker"/>, a Docker engine answers.</summary>
    public static async Task RequireAsync(bool docker, bool chromium = false)
    {
        if (MissingBinary() is { } missing)
        {
            PeerRequirement.Unavailable(missing);
        }

        if (chromium)
        {
            HeadlessChromium.Require();
        }

        if (docker)
        {
            var (engine, whyNot) = await DockerEngine.ConnectAsync(TestContext.Current.CancellationToken);
            engine?.Dispose();
            if (whyNot is not null)
            {
                PeerRequirement.Unavailable(whyNot);
            }
        }
    }
}
