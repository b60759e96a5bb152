using System.Text.Json;

namespace WsProxyLab.Backends.Chat;

/// <summary>
/// The JSON messages the chat server sends. <c>ts</c> is the server time in microseconds since the Unix epoch.
/// welcome: <c>{"type":"welcome","room","user","token","seq","instance","resumed"}</c>;
/// message: <c>{"type":"message","room","seq","user","text","ts"}</c>;
/// gap: <c>{"type":"gap","from","to"}</c> when a resume asks for messages the replay buffer no longer holds.
/// </summary>
internal static class ChatProtocol
{
    public static byte[] Welcome(ChatSession session, long seq, string instance, bool resumed) => Write(writer =>
    {
        writer.WriteString("type", "welcome");
        writer.WriteString("room", session.Room);
        writer.WriteString("user", session.User);
        writer.WriteString("token", session.Token);
        writer.WriteNumber("seq", seq);
        writer.WriteString("instance", instance);
        writer.WriteBoolean("resumed", resumed);
    });

    public static byte[] Message(string room, long seq, string user, ReadOnlySpan<byte> utf8Text, long timestampMicroseconds)
    {
        var text = utf8Text.ToArray();
        return Write(writer =>
        {
            writer.WriteString("type", "message");
            writer.WriteString("room", room);
            writer.WriteNumber("seq", seq);
            writer.WriteString("user", user);
            writer.WriteString("text", text);
            writer.WriteNumber("ts", timestampMicroseconds);
        });
    }

    public static byte[] Gap(long from, long to) => Write(writer =>
    {
        writer.WriteString("type", "gap");
        writer.WriteNumber("from", from);
        writer.WriteNumber("to", to);
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
