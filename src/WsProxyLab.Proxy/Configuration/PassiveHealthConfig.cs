namespace WsProxyLab.Proxy.Configuration;

/// <summary>nginx's <c>max_fails</c>/<c>fail_timeout</c>: a destination that fails this often within the window gets no new tunnels for the window.</summary>
public sealed record PassiveHealthConfig
{
    /// <summary>Failures (connect refused or timed out, handshake failed) within <see cref="FailTimeout"/> that mark a destination unavailable; 0 turns passive health off.</summary>
    public int MaxFails { get; init; } = 1;

    /// <summary>The window in which failures are counted, and how long the destination then stays unavailable.</summary>
    public TimeSpan FailTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
