namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// YARP's duplex shape: two pumps, the first to end decides the outcome, the other is cancelled and awaited. Where the
/// proxy itself ends a session (read timeout, upstream lost, client lost, proxy stopping) it tells the other side with a
/// close frame at a frame boundary, so clients see 1001 or 1011 with a reason instead of 1006. A side that ends its
/// stream right after its close frame (a browser over HTTP/2 ends its half of the stream) is waiting for the peer's
/// close reply: the other direction is left running until that reply has gone through, for up to
/// <see cref="CloseReplyGrace"/>.
/// </summary>
internal static class DuplexRelay
{
    /// <summary>How long a pump that ignores cancellation is given before its streams are closed under it.</summary>
    internal static readonly TimeSpan PumpStopGrace = TimeSpan.FromSeconds(2);
    /// <summary>How long a side that sent its close frame and ended its stream waits for the peer's close reply.</summary>
    internal static readonly TimeSpan CloseReplyGrace = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CloseWriteTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Relays until one side ends; <paramref name="clientGone"/> is the client connection's abort, <paramref name="proxyStopping"/>
    /// the proxy ending the tunnel itself (drain, destination removed), with <paramref name="proxyEndReason"/> as the close reason;
    /// <paramref name="upstreamDraining"/> says whether an upstream that vanished was known to be going down (1012 instead of 1011).
    /// </summary>
    public static async Task<TunnelResult> RunAsync(
        Stream client,
        Stream upstream,
        TunnelTraffic traffic,
        RelaySettings settings,
        TunnelWatchdog watchdog,
        TimeProvider timeProvider,
        Func<string> proxyEndReason,
        Func<bool> upstreamDraining,
        CancellationToken clientGone,
        CancellationToken proxyStopping)
    {
        using var toUpstream = new RelayDirection(TrackerFor(settings, traffic.ClientToUpstream), traffic.ClientToUpstream, injectable: false);
        var keepAliveOn = settings.KeepAliveInterval > TimeSpan.Zero;
        using var toClient = new RelayDirection(TrackerFor(settings, traffic.UpstreamToClient), traffic.UpstreamToClient, injectable: keepAliveOn);
        using var deadlines = new TunnelDeadlines(toUpstream, toClient, settings, timeProvider, clientGone, proxyStopping);
        var keepAlive = keepAliveOn
            ? new ClientKeepAlive(client, toClient, toUpstream, deadlines, settings.KeepAliveInterval, settings.KeepAliveTimeout, timeProvider)
            : null;
        watchdog.Watch(deadlines);
        Task<(PumpOutcome Outcome, Exception? Error)> toUpstreamPump, toClientPump, first;
        try
        {
            toUpstreamPump = StreamPump.RunAsync(client, upstream, toUpstream, deadlines, timeProvider);
            toClientPump = StreamPump.RunAsync(upstream, client, toClient, deadlines, timeProvider);
            first = await Task.WhenAny(toUpstreamPump, toClientPump).ConfigureAwait(false);
            var (ended, other, otherPump) = first == toUpstreamPump ? (toUpstream, toClient, toClientPump) : (toClient, toUpstream, toUpstreamPump);
            if (first.Result.Outcome == PumpOutcome.SourceClosed && ended.Frames.CloseSeen && !other.CloseDelivered.IsCompleted)
            {
                await Task.WhenAny(otherPump, other.CloseDelivered, Task.Delay(CloseReplyGrace, timeProvider, CancellationToken.None)).ConfigureAwait(false);
            }
        }
        finally
        {
            watchdog.Forget(deadlines);
        }

        deadlines.EndRelay();
        if (keepAlive is not null)
        {
            await keepAlive.DisposeAsync().ConfigureAwait(false);
        }

        var both = Task.WhenAll(toUpstreamPump, toClientPump);
        var released = await Task.WhenAny(both, Task.Delay(PumpStopGrace, timeProvider, CancellationToken.None)).ConfigureAwait(false) == both;
        if (!released)
        {
            // A stream that ignores cancellation is released by closing it; nothing more can be sent on it.
            toUpstream.Frames.Lose();
            toClient.Frames.Lose();
            await client.DisposeAsync().ConfigureAwait(false);
            await upstream.DisposeAsync().ConfigureAwait(false);
        }

        var (upOutcome, upError) = await toUpstreamPump.ConfigureAwait(false);
        var (downOutcome, downError) = await toClientPump.ConfigureAwait(false);
        var firstOutcome = first == toUpstreamPump ? upOutcome : downOutcome;
        var reason = firstOutcome == PumpOutcome.Canceled
            ? deadlines.Expired ?? (proxyStopping.IsCancellationRequested ? TunnelEndReason.ProxyStopping : TunnelEndReason.ClientDisconnect)
            : first == toUpstreamPump ? FromClientSide(upOutcome) : FromUpstreamSide(downOutcome);

        var (toClientClose, toUpstreamClose) = ClosesFor(reason, settings, proxyEndReason, upstreamDraining);
        var sentToClient = toClientClose is { } c && await TrySendCloseAsync(client, toClient.Frames, c.Status, c.Reason, masked: false).ConfigureAwait(false)
            ? c.Status
            : (int?)null;
        var sentToUpstream = toUpstreamClose is { } u && await TrySendCloseAsync(upstream, toUpstream.Frames, u.Status, u.Reason, masked: true).ConfigureAwait(false)
            ? u.Status
            : (int?)null;

        await client.DisposeAsync().ConfigureAwait(false);
        await upstream.DisposeAsync().ConfigureAwait(false);
        return new TunnelResult(reason, first == toUpstreamPump ? upError : downError, sentToClient, sentToUpstream);
    }

    private static FrameBoundaryTracker TrackerFor(RelaySettings settings, DirectionTraffic traffic) =>
        settings.InspectFrames ? new FrameBoundaryTracker(traffic, settings.MaxMessageBytes) : new FrameBoundaryTracker();

    private static TunnelEndReason FromClientSide(PumpOutcome outcome) => outcome switch
    {
        PumpOutcome.SourceClosed => TunnelEndReason.ClientDisconnect,
        PumpOutcome.SourceFailed => TunnelEndReason.ClientError,
        PumpOutcome.DestinationFailed => TunnelEndReason.ServerError,
        PumpOutcome.MessageTooBig => TunnelEndReason.ClientMessageTooBig,
        _ => TunnelEndReason.ProxyStopping,
    };

    private static TunnelEndReason FromUpstreamSide(PumpOutcome outcome) => outcome switch
    {
        PumpOutcome.SourceClosed => TunnelEndReason.ServerDisconnect,
        PumpOutcome.SourceFailed => TunnelEndReason.ServerError,
        PumpOutcome.DestinationFailed => TunnelEndReason.ClientError,
        PumpOutcome.MessageTooBig => TunnelEndReason.UpstreamMessageTooBig,
        _ => TunnelEndReason.ProxyStopping,
    };

    /// <summary>What each side is told when the proxy ends the session; null where that side ended it or is gone.</summary>
    private static ((int Status, string Reason)? ToClient, (int Status, string Reason)? ToUpstream) ClosesFor(
        TunnelEndReason reason, RelaySettings settings, Func<string> proxyEndReason, Func<bool> upstreamDraining) => reason switch
    {
        TunnelEndReason.ReadTimeout => (
            (1001, $"proxy read timeout: upstream sent nothing for {settings.Read.TotalSeconds:0.###} s"),
            (1001, "proxy read timeout")),
        TunnelEndReason.IdleTimeout => (
            (1001, $"proxy idle timeout: no bytes either way for {settings.Idle.TotalSeconds:0.###} s"),
            (1001, "proxy idle timeout")),
        // The side that stopped reading cannot be written to; only the other one is told.
        TunnelEndReason.ClientSendTimeout => (null, (1001, "proxy send timeout: client stopped reading")),
        TunnelEndReason.UpstreamSendTimeout => ((1011, "proxy send timeout: upstream stopped reading"), null),
        // 1012 (service restart) tells the client that reconnecting soon will likely work.
        TunnelEndReason.ServerDisconnect or TunnelEndReason.ServerError when upstreamDraining() => ((1012, "upstream is restarting"), null),
        TunnelEndReason.ServerDisconnect => ((1011, "upstream closed the connection without a close frame"), null),
        TunnelEndReason.ServerError => ((1011, "upstream connection failed"), null),
        TunnelEndReason.ClientMessageTooBig => (
            (1009, $"message over the proxy's limit of {settings.MaxMessageBytes} bytes"),
            (1001, "client sent a message over the proxy's limit")),
        TunnelEndReason.UpstreamMessageTooBig => (
            (1011, "upstream sent a message over the proxy's limit"),
            (1009, $"message over the proxy's limit of {settings.MaxMessageBytes} bytes")),
        TunnelEndReason.KeepAliveTimeout => (
            (1001, $"proxy keep-alive: no pong within {settings.KeepAliveTimeout.TotalSeconds:0.###} s"),
            (1001, "client did not answer the proxy's keep-alive ping")),
        TunnelEndReason.ClientDisconnect or TunnelEndReason.ClientError => (null, (1001, "client connection lost")),
        _ => ((1001, proxyEndReason()), (1001, proxyEndReason())),
    };

    /// <summary>Sends a close frame if the direction is between frames and has not carried a close already.</summary>
    private static async Task<bool> TrySendCloseAsync(Stream destination, FrameBoundaryTracker frames, int status, string reason, bool masked)
    {
        if (!frames.AtBoundary || frames.CloseSeen)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(CloseWriteTimeout);
        try
        {
            await destination.WriteAsync(CloseFrame.Build(status, reason, masked), timeout.Token).ConfigureAwait(false);
            await destination.FlushAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
