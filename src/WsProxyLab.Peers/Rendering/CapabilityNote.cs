namespace WsProxyLab.Peers.Rendering;

/// <summary>One profile feature a target renders only approximately or not at all, and why.</summary>
/// <param name="Target">The target (<c>nginx</c>, <c>haproxy</c>, <c>yarp</c>, <c>wsproxy</c>).</param>
/// <param name="Feature">The profile feature, as reports name it.</param>
/// <param name="Support">Approximated or unsupported.</param>
/// <param name="Detail">What the target does instead.</param>
public sealed record CapabilityNote(string Target, string Feature, CapabilitySupport Support, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Target}: {Feature} {(Support == CapabilitySupport.Unsupported ? "unsupported" : "approximated")} — {Detail}";
}
