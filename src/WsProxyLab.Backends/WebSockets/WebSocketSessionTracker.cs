using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using WsProxyLab.Backends.Diagnostics;
using WsProxyLab.Backends.Hosting;

namespace WsProxyLab.Backends.WebSockets;

/// <summary>
/// Knows every open WebSocket of the replica. When the host starts stopping (SIGTERM, Ctrl+C) it refuses new
/// sessions and sends 1001 to each open one before Kestrel stops, so clients see a clean close instead of 1006.
/// </summary>
public sealed class WebSocketSessionTracker(
    IOptions<BackendOptions> options,
    TimeProvider timeProvider,
    BackendMetrics metrics,
    ILogger<WebSocketSessionTracker> logger) : IHostedLifecycleService
{
    private const string ShutdownReason = "server shutting down";

    private readonly ConcurrentDictionary<long, WebSocketSession> _sessions = new();
    private long _nextId;
    private volatile bool _stopping;

    /// <summary>Whether the host is stopping; new handshakes are refused with 503.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Open sessions right now.</summary>
    public int Count => _sessions.Count;

    /// <summary>Tracks an accepted socket until its session is disposed.</summary>
    public WebSocketSession Register(WebSocket socket, string endpoint)
    {
        var session = new WebSocketSession(Interlocked.Increment(ref _nextId), socket, endpoint, Unregister);
        _sessions[session.Id] = session;
        metrics.SessionOpened(endpoint);
        if (_stopping)
        {
            // Accepted in the instant the stop began: it gets the same 1001 as every other session.
            _ = session.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, ShutdownReason, CancellationToken.None);
        }

        return session;
    }

    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var open = _sessions.Values.ToArray();
        if (open.Length == 0)
        {
            return;
        }

        BackendLog.ClosingSessionsForShutdown(logger, open.Length);
        await Task.WhenAll(open.Select(session =>
            session.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, ShutdownReason, cancellationToken))).ConfigureAwait(false);

        try
        {
            await Task.WhenAll(open.Select(session => session.Completion))
                .WaitAsync(options.Value.CloseTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var unanswered = open.Where(session => !session.Completion.IsCompleted).ToArray();
            BackendLog.AbortingUnansweredSessions(logger, unanswered.Length, options.Value.CloseTimeout);
            foreach (var session in unanswered)
            {
                session.Socket.Abort();
            }
        }
    }

    private void Unregister(WebSocketSession session)
    {
        if (_sessions.TryRemove(session.Id, out _))
        {
            metrics.SessionClosed(session.Endpoint);
        }
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
