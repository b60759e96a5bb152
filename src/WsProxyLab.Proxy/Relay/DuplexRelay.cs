namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// YARP's duplex shape: two pumps, the first to end decides the outcome, the other is cancelled and awaited. Where the
/// proxy itself ends a session (read timeout, upstream lost, client lost, proxy stopping) it tells the other side with a
/// close frame at a frame boundary, so clients see 1001 or 1011 with a reason instead of 1006.
/// </summary>
internal static class DuplexRelay
{
    private static readonly TimeSpan PumpStopGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CloseWriteTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Relays until one side ends; <paramref name="clientGone"/> is the client connection's abort, <paramref name="proxyStopping"/>
    /// the proxy ending the tunnel itself (drain, destination removed), with <paramref name="proxyEndReason"/> as the close reason.
    /// </summary>
    public static async Task<TunnelResult> RunAsync(
        Stream client,
        Stream upstream,
        TunnelTraffic traffic,
        RelayTimeouts timeouts,
        TimeProvider timeProvider,
        Func<string> proxyEndReason,
        CancellationToken clientGone,
        CancellationToken proxyStopping)
    {
        var toUpstreamFrames = new FrameBoundaryTracker();
        var toClientFrames = new FrameBoundaryTracker();
        using var idle = timeouts.Idle > TimeSpan.Zero ? new IdleWatch(timeouts.Idle, timeProvider) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(clientGone, proxyStopping);
        var toUpstream = StreamPump.RunAsync(client, upstream, toUpstreamFrames, traffic.ClientToUpstream, readTimeout: null, timeouts.Send, idle, timeProvider, stop.Token);
        var toClient = StreamPump.RunAsync(upstream, client, toClientFrames, traffic.UpstreamToClient, timeouts.Read, timeouts.Send, idle, timeProvider, stop.Token);

        var first = await Task.WhenAny(toUpstream, toClient).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        var both = Task.WhenAll(toUpstream, toClient);
        var released = await Task.WhenAny(both, Task.Delay(PumpStopGrace, timeProvider, CancellationToken.None)).ConfigureAwait(false) == both;
        if (!released)
        {
            // A stream that ignores cancellation is released by closing it; nothing more can be sent on it.
            toUpstreamFrames.Lose();
            toClientFrames.Lose();
            await client.DisposeAsync().ConfigureAwait(false);
            await upstream.DisposeAsync().ConfigureAwait(false);
        }

        var (upOutcome, upError) = await toUpstream.ConfigureAwait(false);
        var (downOutcome, downError) = await toClient.ConfigureAwait(false);
        var firstOutcome = first == toUpstream ? upOutcome : downOutcome;
        var reason = firstOutcome == PumpOutcome.Canceled
            ? (proxyStopping.IsCancellationRequested ? TunnelEndReason.ProxyStopping : TunnelEndReason.ClientDisconnect)
            : first == toUpstream ? FromClientSide(upOutcome) : FromUpstreamSide(downOutcome);

        var (toClientClose, toUpstreamClose) = ClosesFor(reason, timeouts, proxyEndReason);
        var sentToClient = toClientClose is { } c && await TrySendCloseAsync(client, toClientFrames, c.Status, c.Reason, masked: false).ConfigureAwait(false)
            ? c.Status
            : (int?)null;
        var sentToUpstream = toUpstreamClose is { } u && await TrySendCloseAsync(upstream, toUpstreamFrames, u.Status, u.Reason, masked: true).ConfigureAwait(false)
            ? u.Status
            : (int?)null;

        await client.DisposeAsync().ConfigureAwait(false);
        await upstream.DisposeAsync().ConfigureAwait(false);
        return new TunnelResult(reason, first == toUpstream ? upError : downError, sentToClient, sentToUpstream);
    }

    private static TunnelEndReason FromClientSide(PumpOutcome outcome) => outcome switch
    {
        PumpOutcome.SourceClosed => TunnelEndReason.ClientDisconnect,
        PumpOutcome.SourceFailed => TunnelEndReason.ClientError,
        PumpOutcome.DestinationFailed => TunnelEndReason.ServerError,
        PumpOutcome.SendTimeout => TunnelEndReason.UpstreamSendTimeout,
        PumpOutcome.IdleTimeout => TunnelEndReason.IdleTimeout,
        _ => TunnelEndReason.ProxyStopping,
    };

    private static TunnelEndReason FromUpstreamSide(PumpOutcome outcome) => outcome switch
    {
        PumpOutcome.SourceClosed => TunnelEndReason.ServerDisconnect,
        PumpOutcome.SourceFailed => TunnelEndReason.ServerError,
        PumpOutcome.DestinationFailed => TunnelEndReason.ClientError,
        PumpOutcome.ReadTimeout => TunnelEndReason.ReadTimeout,
        PumpOutcome.SendTimeout => TunnelEndReason.ClientSendTimeout,
        PumpOutcome.IdleTimeout => TunnelEndReason.IdleTimeout,
        _ => TunnelEndReason.ProxyStopping,
    };

    /// <summary>What each side is told when the proxy ends the session; null where that side ended it or is gone.</summary>
    private static ((int Status, string Reason)? ToClient, (int Status, string Reason)? ToUpstream) ClosesFor(TunnelEndReason reason, RelayTimeouts timeouts, Func<string> proxyEndReason) => reason switch
    {
        TunnelEndReason.ReadTimeout => (
            (1001, $"proxy read timeout: upstream sent nothing for {timeouts.Read.TotalSeconds:0.###} s"),
            (1001, "proxy read timeout")),
        TunnelEndReason.IdleTimeout => (
            (1001, $"proxy idle timeout: no bytes either way for {timeouts.Idle.TotalSeconds:0.###} s"),
            (1001, "proxy idle timeout")),
        // The side that stopped reading cannot be written to; only the other one is told.
        TunnelEndReason.ClientSendTimeout => (null, (1001, "proxy send timeout: client stopped reading")),
        TunnelEndReason.UpstreamSendTimeout => ((1011, "proxy send timeout: upstream stopped reading"), null),
        TunnelEndReason.ServerDisconnect => ((1011, "upstream closed the connection without a close frame"), null),
        TunnelEndReason.ServerError => ((1011, "upstream connection failed"), null),
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
