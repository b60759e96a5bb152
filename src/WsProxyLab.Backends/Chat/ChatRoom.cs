using WsProxyLab.Backends.Diagnostics;

namespace WsProxyLab.Backends.Chat;

/// <summary>
/// A room local to this replica. Sequence numbers, the replay buffer and every member's queue are updated under one
/// lock, so each member sees messages in sequence order with no gap or duplicate between replay and live delivery.
/// </summary>
internal sealed class ChatRoom(string name, int replayCapacity, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Queue<ChatOutbound> _replay = new();
    private readonly HashSet<ChatMember> _members = [];
    private long _seq;

    public string Name { get; } = name;

    /// <summary>Adds a member: first its welcome, then (on resume) the messages after <paramref name="resumeAfter"/>, then live messages.</summary>
    public void Join(ChatMember member, long? resumeAfter, Func<long, byte[]> welcome)
    {
        lock (_lock)
        {
            member.Enqueue(new ChatOutbound(welcome(_seq), 0));
            if (resumeAfter is { } after && after < _seq)
            {
                var oldestKept = _replay.Count > 0 ? _replay.Peek().Seq : _seq + 1;
                if (oldestKept > after + 1)
                {
                    member.Enqueue(new ChatOutbound(ChatProtocol.Gap(after + 1, oldestKept - 1), 0));
                }

                foreach (var entry in _replay)
                {
                    if (entry.Seq > after)
                    {
                        member.Enqueue(entry);
                    }
                }
            }

            _members.Add(member);
        }
    }

    public void Leave(ChatMember member)
    {
        lock (_lock)
        {
            _members.Remove(member);
        }
    }

    /// <summary>Numbers, stamps and broadcasts a message to every member, the sender included; returns its sequence number.</summary>
    public long Publish(string user, ReadOnlySpan<byte> utf8Text)
    {
        lock (_lock)
        {
            var seq = ++_seq;
            var entry = new ChatOutbound(ChatProtocol.Message(Name, seq, user, utf8Text, UnixTime.Microseconds(timeProvider.GetUtcNow())), seq);
            if (replayCapacity > 0)
            {
                if (_replay.Count == replayCapacity)
                {
                    _replay.Dequeue();
                }

                _replay.Enqueue(entry);
            }

            foreach (var member in _members)
            {
                member.Enqueue(entry);
            }

            return seq;
        }
    }
}
