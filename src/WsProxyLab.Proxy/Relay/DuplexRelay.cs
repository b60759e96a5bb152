namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// YARP's duplex shape: two pumps, the first to end decides the outcome, the other is cancelled and awaited.
/// </summary>
internal static class DuplexRelay
{
    public static async Task<TunnelResult> RunAsync(Stream client, Stream upstream, TimeSpan readTimeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toUpstream = StreamPump.RunAsync(client, upstream, readTimeout: null, timeProvider, stop.Token);
        var toClient = StreamPump.RunAsync(upstream, client, readTimeout, timeProvider, stop.Token);

        var first = await Task.WhenAny(toUpstream, toClient).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);

        // A pending read on either stream ends only when the stream is closed: dispose both to release the other pump.
        await client.DisposeAsync().ConfigureAwait(false);
        await upstream.DisposeAsync().ConfigureAwait(false);
        var (upOutcome, upBytes, upError) = await toUpstream.ConfigureAwait(false);
        var (downOutcome, downBytes, downError) = await toClient.ConfigureAwait(false);

        var reason = first == toUpstream
            ? upOutcome switch
            {
                PumpOutcome.SourceClosed => TunnelEndReason.ClientDisconnect,
                PumpOutcome.SourceFailed => TunnelEndReason.ClientError,
                PumpOutcome.DestinationFailed => TunnelEndReason.ServerError,
                _ => TunnelEndReason.ProxyStopping,
            }
            : downOutcome switch
            {
                PumpOutcome.SourceClosed => TunnelEndReason.ServerDisconnect,
                PumpOutcome.SourceFailed => TunnelEndReason.ServerError,
                PumpOutcome.DestinationFailed => TunnelEndReason.ClientError,
                PumpOutcome.ReadTimeout => TunnelEndReason.ReadTimeout,
                _ => TunnelEndReason.ProxyStopping,
            };
        return new TunnelResult(reason, upBytes, downBytes, first == toUpstream ? upError : downError);
    }
}
