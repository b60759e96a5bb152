namespace WsProxyLab.Peers.Rendering;

/// <summary>How far a target can do what a profile asks.</summary>
public enum CapabilitySupport
{
    /// <summary>Rendered with the target's nearest setting, which differs in a way the note states.</summary>
    Approximated,

    /// <summary>The target cannot express it; the rendering goes without it.</summary>
    Unsupported,
}
