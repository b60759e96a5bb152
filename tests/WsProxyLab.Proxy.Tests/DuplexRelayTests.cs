using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// The whole relay over stream doubles, on a fake clock: which side ended and how decides the <see cref="TunnelEndReason"/>
/// and the close frame each side is told (the close-code table), timeouts fire through the watchdog, and streams that
/// ignore cancellation are released by closing them.
/// </summary>
public sealed class DuplexRelayTests : IDisposable
{
    private const string ProxyEndReason = "proxy is draining";

    private static readonly RelaySettings NoTimeouts = new(Read: TimeSpan.Zero, Send: TimeSpan.Zero, Idle: TimeSpan.Zero);

    private readonly TimerSignalingTimeProvider _clock = new();
    private readonly TunnelWatchdog _watchdog;
    private readonly CancellationTokenSource _clientGone = new();
    private readonly CancellationTokenSource _proxyStopping = new();
    private readonly CancellationToken _cancellationToken = TestTimeouts.CreateTimer();

    public DuplexRelayTests() => _watchdog = new TunnelWatchdog(_clock);

    public enum Ending
    {
        ClientEnds,
        ClientFails,
        UpstreamEnds,
        UpstreamFails,
    }

    [Theory]
    [InlineData(Ending.UpstreamEnds, false, TunnelEndReason.ServerDisconnect, 1011, "upstream closed the connection without a close frame", null, null)]
    [InlineData(Ending.UpstreamEnds, true, TunnelEndReason.ServerDisconnect, 1012, "upstream is restarting", null, null)]
    [InlineData(Ending.UpstreamFails, false, TunnelEndReason.ServerError, 1011, "upstream connection failed", null, null)]
    [InlineData(Ending.UpstreamFails, true, TunnelEndReason.ServerError, 1012, "upstream is restarting", null, null)]
    [InlineData(Ending.ClientEnds, false, TunnelEndReason.ClientDisconnect, null, null, 1001, "client connection lost")]
    [InlineData(Ending.ClientFails, false, TunnelEndReason.ClientError, null, null, 1001, "client connection lost")]
    public async Task OneSideEnds_TheOtherIsToldWithTheCodeOfTheTable(
        Ending ending, bool upstreamDraining, TunnelEndReason reason, int? toClient, string? toClientReason, int? toUpstream, string? toUpstreamReason)
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        var ended = ending is Ending.ClientEnds or Ending.ClientFails ? client : upstream;
        if (ending is Ending.ClientEnds or Ending.UpstreamEnds)
        {
            ended.End();
        }
        else
        {
            ended.Fail(new IOException("connection reset by peer"));
        }

        var result = await RunAsync(client, upstream, NoTimeouts, upstreamDraining);

        Assert.Equal(reason, result.Reason);
        AssertTold(client, result.CloseSentToClient, toClient, toClientReason, masked: false);
        AssertTold(upstream, result.CloseSentToUpstream, toUpstream, toUpstreamReason, masked: true);
        Assert.True(client.Disposed.IsCompleted && upstream.Disposed.IsCompleted, "both streams are disposed when the relay returns");
    }

    [Fact]
    public async Task UpstreamSilentForTheReadTimeout_BothSidesGet1001NamingIt()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        var relay = RunAsync(client, upstream, NoTimeouts with { Read = TimeSpan.FromSeconds(2) });
        await upstream.WaitForReadsWaitingAsync(1, _cancellationToken);

        AdvanceInSteps(TimeSpan.FromSeconds(1.9));
        Assert.False(relay.IsCompleted);
        AdvanceInSteps(TimeSpan.FromSeconds(0.3));
        var result = await relay;

        Assert.Equal(TunnelEndReason.ReadTimeout, result.Reason);
        AssertTold(client, result.CloseSentToClient, 1001, "proxy read timeout: upstream sent nothing for 2 s", masked: false);
        AssertTold(upstream, result.CloseSentToUpstream, 1001, "proxy read timeout", masked: true);
    }

    [Fact]
    public async Task NoBytesEitherWayForTheIdleTimeout_BothSidesGet1001NamingIt()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        var relay = RunAsync(client, upstream, NoTimeouts with { Idle = TimeSpan.FromSeconds(5) });
        await client.WaitForReadsWaitingAsync(1, _cancellationToken);
        await upstream.WaitForReadsWaitingAsync(1, _cancellationToken);

        AdvanceInSteps(TimeSpan.FromSeconds(5.6));
        var result = await relay;

        Assert.Equal(TunnelEndReason.IdleTimeout, result.Reason);
        AssertTold(client, result.CloseSentToClient, 1001, "proxy idle timeout: no bytes either way for 5 s", masked: false);
        AssertTold(upstream, result.CloseSentToUpstream, 1001, "proxy idle timeout", masked: true);
    }

    [Fact]
    public async Task ClientStopsReading_TheSendTimeoutTellsOnlyTheUpstream()
    {
        var client = new ScriptedStream(StreamWrites.Stall);
        var upstream = new ScriptedStream();
        upstream.Feed(WrittenFrames.ServerFrame(0x1, "hello"u8));
        var relay = RunAsync(client, upstream, NoTimeouts with { Send = TimeSpan.FromSeconds(3) });
        await client.WaitForWriteStalledAsync(_cancellationToken);

        AdvanceInSteps(TimeSpan.FromSeconds(3.4));
        var result = await relay;

        Assert.Equal(TunnelEndReason.ClientSendTimeout, result.Reason);
        Assert.Null(result.CloseSentToClient);
        Assert.Empty(client.Written);
        AssertTold(upstream, result.CloseSentToUpstream, 1001, "proxy send timeout: client stopped reading", masked: true);
    }

    [Fact]
    public async Task UpstreamStopsReading_TheSendTimeoutTellsOnlyTheClient_With1011()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream(StreamWrites.Stall);
        client.Feed(RawWebSocketConnection.MaskedFrame(0x1, "hello"u8, final: true));
        var relay = RunAsync(client, upstream, NoTimeouts with { Send = TimeSpan.FromSeconds(3) });
        await upstream.WaitForWriteStalledAsync(_cancellationToken);

        AdvanceInSteps(TimeSpan.FromSeconds(3.4));
        var result = await relay;

        Assert.Equal(TunnelEndReason.UpstreamSendTimeout, result.Reason);
        AssertTold(client, result.CloseSentToClient, 1011, "proxy send timeout: upstream stopped reading", masked: false);
        Assert.Null(result.CloseSentToUpstream);
    }

    [Fact]
    public async Task FramesMode_AClientMessageOverTheLimit_The1009GoesToTheClient_And1001ToTheUpstream()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        client.Feed(RawWebSocketConnection.MaskedFrame(0x2, new byte[101], final: true));

        var result = await RunAsync(client, upstream, NoTimeouts with { InspectFrames = true, MaxMessageBytes = 100 });

        Assert.Equal(TunnelEndReason.ClientMessageTooBig, result.Reason);
        AssertTold(client, result.CloseSentToClient, 1009, "message over the proxy's limit of 100 bytes", masked: false);
        AssertTold(upstream, result.CloseSentToUpstream, 1001, "client sent a message over the proxy's limit", masked: true);
    }

    [Fact]
    public async Task FramesMode_AnUpstreamMessageOverTheLimit_The1011GoesToTheClient_And1009ToTheUpstream()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        upstream.Feed(WrittenFrames.ServerFrame(0x2, new byte[101]));

        var result = await RunAsync(client, upstream, NoTimeouts with { InspectFrames = true, MaxMessageBytes = 100 });

        Assert.Equal(TunnelEndReason.UpstreamMessageTooBig, result.Reason);
        AssertTold(client, result.CloseSentToClient, 1011, "upstream sent a message over the proxy's limit", masked: false);
        AssertTold(upstream, result.CloseSentToUpstream, 1009, "message over the proxy's limit of 100 bytes", masked: true);
    }

    [Fact]
    public async Task ProxyStopsTheTunnel_BothSidesGet1001WithTheProxysReason()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        var relay = RunAsync(client, upstream, NoTimeouts);
        await client.WaitForReadsWaitingAsync(1, _cancellationToken);

        await _proxyStopping.CancelAsync();
        var result = await relay;

        Assert.Equal(TunnelEndReason.ProxyStopping, result.Reason);
        AssertTold(client, result.CloseSentToClient, 1001, ProxyEndReason, masked: false);
        AssertTold(upstream, result.CloseSentToUpstream, 1001, ProxyEndReason, masked: true);
    }

    [Fact]
    public async Task ClientConnectionAborted_OnlyTheUpstreamIsTold()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        var relay = RunAsync(client, upstream, NoTimeouts);
        await upstream.WaitForReadsWaitingAsync(1, _cancellationToken);

        await _clientGone.CancelAsync();
        var result = await relay;

        Assert.Equal(TunnelEndReason.ClientDisconnect, result.Reason);
        AssertTold(client, result.CloseSentToClient, null, null, masked: false);
        AssertTold(upstream, result.CloseSentToUpstream, 1001, "client connection lost", masked: true);
    }

    [Fact]
    public async Task UpstreamEndsInsideAFrame_NoCloseIsInjectedIntoItsPayload()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        byte[] partial = [0x82, 10, 1, 2, 3]; // a binary frame announcing 10 bytes, 3 of them sent
        upstream.Feed(partial);
        upstream.End();

        var result = await RunAsync(client, upstream, NoTimeouts);

        Assert.Equal(TunnelEndReason.ServerDisconnect, result.Reason);
        Assert.Null(result.CloseSentToClient);
        Assert.Equal(partial, client.Written);
    }

    [Fact]
    public async Task UpstreamSentItsOwnCloseBeforeEnding_TheClientsReplyGoesThrough_AndTheProxySendsNoCloseOfItsOwn()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        var close = WrittenFrames.ServerFrame(0x8, [0x03, 0xE8, .. "bye"u8]);
        upstream.Feed(close);
        upstream.End();
        var relay = RunAsync(client, upstream, NoTimeouts);
        await client.WaitForWrittenAsync(close.Length, _cancellationToken);
        var reply = RawWebSocketConnection.MaskedFrame(0x8, [0x03, 0xE8], final: true);

        client.Feed(reply);
        var result = await relay;

        Assert.Equal(TunnelEndReason.ServerDisconnect, result.Reason);
        Assert.Null(result.CloseSentToClient);
        Assert.Null(result.CloseSentToUpstream);
        Assert.Equal(close, client.Written);
        Assert.Equal(reply, upstream.Written);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientEndsItsStreamRightAfterItsClose_TheUpstreamsCloseReplyStillReachesIt(bool upstreamEndsAfterReplying)
    {
        // A browser over HTTP/2 ends its half of the stream after sending its close frame, and waits for the reply.
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        var clientClose = RawWebSocketConnection.MaskedFrame(0x8, [0x03, 0xE8, .. "page closed"u8], final: true);
        client.Feed(clientClose);
        client.End();
        var relay = RunAsync(client, upstream, NoTimeouts);
        await upstream.WaitForWrittenAsync(clientClose.Length, _cancellationToken);

        var reply = WrittenFrames.ServerFrame(0x8, [0x03, 0xE8, .. "page closed"u8]);
        upstream.Feed(reply);
        if (upstreamEndsAfterReplying)
        {
            upstream.End();
        }

        var result = await relay;
        Assert.Equal(TunnelEndReason.ClientDisconnect, result.Reason);
        Assert.Equal(reply, client.Written);
        Assert.Equal(clientClose, upstream.Written);
        Assert.Null(result.CloseSentToClient);
        Assert.Null(result.CloseSentToUpstream);
    }

    [Fact]
    public async Task ClientEndsItsStreamAfterItsClose_AndTheUpstreamNeverReplies_TheRelayEndsAfterTheGrace()
    {
        var client = new ScriptedStream();
        var upstream = new ScriptedStream();
        client.Feed(RawWebSocketConnection.MaskedFrame(0x8, [0x03, 0xE8], final: true));
        client.End();
        var relay = RunAsync(client, upstream, NoTimeouts);
        await _clock.WaitForOneShotTimerAsync(DuplexRelay.CloseReplyGrace, _cancellationToken);
        Assert.False(relay.IsCompleted);

        _clock.Advance(DuplexRelay.CloseReplyGrace);
        var result = await relay;

        Assert.Equal(TunnelEndReason.ClientDisconnect, result.Reason);
        Assert.Empty(client.Written);
        Assert.Null(result.CloseSentToUpstream);
    }

    [Fact]
    public async Task AReadThatIgnoresCancellation_IsReleasedByClosingItsStream_AfterTheGrace()
    {
        var client = new ScriptedStream(readsIgnoreCancellation: true);
        var upstream = new ScriptedStream();
        var relay = RunAsync(client, upstream, NoTimeouts);
        await client.WaitForReadsWaitingAsync(1, _cancellationToken);
        upstream.End();
        await _clock.WaitForOneShotTimerAsync(DuplexRelay.PumpStopGrace, _cancellationToken);
        Assert.False(client.Disposed.IsCompleted);

        _clock.Advance(DuplexRelay.PumpStopGrace);
        var result = await relay;

        Assert.Equal(TunnelEndReason.ServerDisconnect, result.Reason);
        // Closed under the pump, the client's frame position is unknown: nothing more is written to it.
        Assert.Null(result.CloseSentToClient);
        Assert.Empty(client.Written);
        Assert.True(client.Disposed.IsCompleted);
    }

    [Fact]
    public async Task AWriteThatIgnoresCancellation_IsReleasedByClosingItsStream_AfterTheGrace()
    {
        var client = new ScriptedStream(StreamWrites.StallIgnoringCancellation);
        var upstream = new ScriptedStream();
        upstream.Feed(WrittenFrames.ServerFrame(0x1, "hello"u8));
        var relay = RunAsync(client, upstream, NoTimeouts);
        await client.WaitForWriteStalledAsync(_cancellationToken);
        await _proxyStopping.CancelAsync();
        await _clock.WaitForOneShotTimerAsync(DuplexRelay.PumpStopGrace, _cancellationToken);

        _clock.Advance(DuplexRelay.PumpStopGrace);
        var result = await relay;

        Assert.Equal(TunnelEndReason.ProxyStopping, result.Reason);
        Assert.Null(result.CloseSentToClient);
        Assert.Null(result.CloseSentToUpstream);
        Assert.True(client.Disposed.IsCompleted && upstream.Disposed.IsCompleted);
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        _clientGone.Dispose();
        _proxyStopping.Dispose();
    }

    private static void AssertTold(ScriptedStream side, int? sent, int? expected, string? reason, bool masked)
    {
        Assert.Equal(expected, sent);
        if (expected is null)
        {
            Assert.Empty(side.Written);
            return;
        }

        Assert.Equal((expected.Value, reason!, masked), WrittenFrames.SingleClose(side.Written));
    }

    private Task<TunnelResult> RunAsync(ScriptedStream client, ScriptedStream upstream, RelaySettings settings, bool upstreamDraining = false) =>
        DuplexRelay.RunAsync(
            client, upstream, new TunnelTraffic(), settings, _watchdog, _clock, () => ProxyEndReason, () => upstreamDraining, _clientGone.Token, _proxyStopping.Token)
            .WaitAsync(_cancellationToken);

    /// <summary>In steps, so every watchdog beat on the way fires.</summary>
    private void AdvanceInSteps(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(10);
        for (var elapsed = TimeSpan.Zero; elapsed < by; elapsed += step)
        {
            _clock.Advance(step);
        }
    }
}
