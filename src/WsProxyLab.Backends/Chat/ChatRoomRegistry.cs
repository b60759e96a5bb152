using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WsProxyLab.Backends.Hosting;

namespace WsProxyLab.Backends.Chat;

/// <summary>The rooms of this replica, created on first use.</summary>
internal sealed class ChatRoomRegistry(IOptions<BackendOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, ChatRoom> _rooms = new(StringComparer.Ordinal);

    public ChatRoom Get(string name) =>
        _rooms.GetOrAdd(name, static (room, state) => new ChatRoom(room, state.Capacity, state.TimeProvider),
            (Capacity: options.Value.ChatReplayCapacity, TimeProvider: timeProvider));
}
