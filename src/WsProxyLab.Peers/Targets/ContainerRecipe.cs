using WsProxyLab.Peers.Docker;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Peers.Targets;

/// <summary>How a peer runs in a container: the official image where a registry is reachable, else one built from the host's binary.</summary>
/// <param name="OfficialImage">The Docker Hub image (<c>nginx:1.22</c>).</param>
/// <param name="LocalImage">The <c>FROM scratch</c> image made from the host's binary.</param>
/// <param name="ConfigDirectory">Where the rendered files go inside the container.</param>
/// <param name="Render">Renders a profile whose paths are the container's.</param>
/// <param name="Command">The command line (executable first) given the executable's name or path.</param>
/// <param name="OfficialExecutable">The executable in the official image (found on its PATH).</param>
/// <param name="MapsCertificates">
/// Whether the configuration names the certificate files, which are then copied in and renamed for the container;
/// HAProxy's rendering carries its own joined certificate file instead.
/// </param>
/// <param name="ReloadSignal">The signal that reloads the peer's configuration in place.</param>
/// <param name="ReloadDescription">What that reload does, for reports.</param>
internal sealed record ContainerRecipe(
    string OfficialImage,
    ScratchImageSpec LocalImage,
    string ConfigDirectory,
    Func<ProxyProfile, string, RenderedConfig> Render,
    Func<string, string[]> Command,
    string OfficialExecutable,
    bool MapsCertificates,
    int ReloadSignal,
    string ReloadDescription);
