namespace WsProxyLab.Peers.Targets;

/// <summary>A target that cannot start here, with the reason in one line (a missing binary, a port in use, the target's own error text).</summary>
public sealed class PeerUnavailableException : Exception
{
    /// <summary>Creates the exception for <paramref name="target"/>.</summary>
    public PeerUnavailableException(string target, string reason, Exception? inner = null)
        : base($"{target} is unavailable: {reason}", inner)
    {
        Target = target;
        Reason = reason;
    }

    /// <summary>The target that could not start.</summary>
    public string Target { get; }

    /// <summary>Why, in one line.</summary>
    public string Reason { get; }
}
