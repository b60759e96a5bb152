namespace WsProxyLab.Backends.Chat;

/// <summary>A chat membership that outlives its connection, so a client reconnecting to this replica can resume it.</summary>
internal sealed class ChatSession(string token, string room, string user)
{
    private long _lastDeliveredSeq;

    public string Token { get; } = token;

    public string Room { get; } = room;

    public string User { get; } = user;

    /// <summary>The highest room sequence number written to the client's socket.</summary>
    public long LastDeliveredSeq
    {
        get => Volatile.Read(ref _lastDeliveredSeq);
        set => Volatile.Write(ref _lastDeliveredSeq, value);
    }

    /// <summary>The connection currently holding the session, or null while disconnected; guarded by the store.</summary>
    public ChatMember? Connection { get; set; }

    /// <summary>When the last connection ended; null while connected.</summary>
    public DateTimeOffset? DisconnectedAt { get; set; }
}
