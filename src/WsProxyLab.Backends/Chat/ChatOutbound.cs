namespace WsProxyLab.Backends.Chat;

/// <summary>A serialised message for one member; <see cref="Seq"/> is the room sequence number, 0 for control messages.</summary>
internal readonly record struct ChatOutbound(byte[] Payload, long Seq);
