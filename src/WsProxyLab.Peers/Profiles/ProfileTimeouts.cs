namespace WsProxyLab.Peers.Profiles;

/// <summary>The timeouts every target is asked to apply, named after nginx's.</summary>
public sealed record ProfileTimeouts
{
    /// <summary>Opening the connection to a replica (<c>proxy_connect_timeout</c>).</summary>
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No bytes from the replica for this long ends the tunnel (<c>proxy_read_timeout</c>).</summary>
    public TimeSpan Read { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A write that stalls this long ends the tunnel (<c>proxy_send_timeout</c>).</summary>
    public TimeSpan Send { get; init; } = TimeSpan.FromHours(1);

    /// <summary>No bytes either way for this long ends the tunnel; null for none.</summary>
    public TimeSpan? Idle { get; init; }
}
