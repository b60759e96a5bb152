using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WsProxyLab.Backends.Hosting;

namespace WsProxyLab.Backends.Chat;

/// <summary>The sessions this replica issued. Tokens are local: another replica does not know them, which makes stickiness observable.</summary>
internal sealed class ChatSessionStore(IOptions<BackendOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, ChatSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>Issues a new session with a fresh random token.</summary>
    public ChatSession Create(string room, string user)
    {
        var token = Base64UrlToken();
        var session = new ChatSession(token, room, user);
        lock (_lock)
        {
            SweepExpired();
            _sessions.Add(token, session);
        }

        return session;
    }

    /// <summary>Finds the session a token names (for the same room and user) and the connection currently holding it, if any.</summary>
    public bool TryResume(string token, string room, string user, out ChatSession? session, out ChatMember? previous)
    {
        lock (_lock)
        {
            SweepExpired();
            previous = null;
            if (!_sessions.TryGetValue(token, out session) || session.Room != room || session.User != user)
            {
                session = null;
                return false;
            }

            previous = session.Connection;
            return true;
        }
    }

    /// <summary>Records which connection holds the session.</summary>
    public void Attach(ChatSession session, ChatMember member)
    {
        lock (_lock)
        {
            session.Connection = member;
            session.DisconnectedAt = null;
        }
    }

    /// <summary>Marks the session disconnected unless a newer connection already took it over.</summary>
    public void Detach(ChatSession session, ChatMember member)
    {
        lock (_lock)
        {
            if (ReferenceEquals(session.Connection, member))
            {
                session.Connection = null;
                session.DisconnectedAt = timeProvider.GetUtcNow();
            }
        }
    }

    private void SweepExpired()
    {
        var now = timeProvider.GetUtcNow();
        if (now - _lastSweep < SweepInterval)
        {
            return;
        }

        _lastSweep = now;
        var retention = options.Value.ChatSessionRetention;
        foreach (var (token, session) in _sessions)
        {
            if (session.DisconnectedAt is { } since && now - since > retention)
            {
                _sessions.Remove(token);
            }
        }
    }

    private static string Base64UrlToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
