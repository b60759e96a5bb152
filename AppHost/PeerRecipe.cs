using WsProxyLab.Peers.Docker;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.AppHost;

/// <summary>How the AppHost runs one of the real peers, in a container or as a host process: the same binary, configuration and reload signal.</summary>
/// <param name="Name">The resource name.</param>
/// <param name="Binary">Debian's binary (in the image at the same path).</param>
/// <param name="Image">The <c>FROM scratch</c> image made from that binary.</param>
/// <param name="Render">Renders the profile for a configuration directory.</param>
/// <param name="Arguments">The command line after the binary, for a configuration directory.</param>
/// <param name="ReloadSignal">The signal that makes it re-read its configuration (nginx: HUP; HAProxy in master-worker mode: USR2).</param>
/// <param name="NamesCertificateFiles">
/// Whether the configuration names the certificate files (nginx), which a container then reads from its mount; HAProxy's
/// rendering joins them into a file of its own.
/// </param>
internal sealed record PeerRecipe(
    string Name, string Binary, ScratchImageSpec Image, Func<ProxyProfile, string, RenderedConfig> Render, Func<string, string[]> Arguments, string ReloadSignal,
    bool NamesCertificateFiles)
{
    public static PeerRecipe Nginx { get; } = new(
        "nginx", PeerTargets.NginxBinary, PeerTargets.NginxImage, NginxRenderer.Render,
        directory => ["-p", directory, "-c", $"{directory}/{NginxRenderer.ConfigFileName}", "-g", "daemon off;"], "HUP", NamesCertificateFiles: true);

    // -W: master-worker mode, in which SIGUSR2 reloads the configuration with new workers while old ones finish.
    public static PeerRecipe Haproxy { get; } = new(
        "haproxy", PeerTargets.HaproxyBinary, PeerTargets.HaproxyImage, HaproxyRenderer.Render,
        directory => ["-W", "-db", "-f", $"{directory}/{HaproxyRenderer.ConfigFileName}"], "USR2", NamesCertificateFiles: false);
}
