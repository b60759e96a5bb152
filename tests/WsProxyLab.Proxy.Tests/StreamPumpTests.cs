using Microsoft.Extensions.Time.Testing;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

/// <summary>One direction of the relay over stream doubles, one test per <see cref="PumpOutcome"/> and per stamp the watchdog reads.</summary>
public sealed class StreamPumpTests : IDisposable
{
    private static readonly RelaySettings NoTimeouts = new(Read: TimeSpan.Zero, Send: TimeSpan.Zero, Idle: TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new();
    private readonly DirectionTraffic _traffic = new();
    private readonly RelayDirection _direction;
    private readonly RelayDirection _otherDirection = new(new FrameBoundaryTracker(), new DirectionTraffic(), injectable: false);
    private readonly TunnelDeadlines _deadlines;
    private readonly CancellationToken _cancellationToken = TestTimeouts.CreateTimer();

    public StreamPumpTests() : this(new FrameBoundaryTracker())
    {
    }

    private StreamPumpTests(FrameBoundaryTracker tracker)
    {
        _direction = new RelayDirection(tracker, _traffic, injectable: false);
        _deadlines = new TunnelDeadlines(_otherDirection, _direction, NoTimeouts, _clock, CancellationToken.None, CancellationToken.None);
    }

    [Fact]
    public async Task SourceEnds_EveryByteIsDelivered_AndTheOutcomeIsSourceClosed()
    {
        var source = new ScriptedStream();
        var destination = new ScriptedStream();
        source.Feed([1, 2, 3]);
        source.Feed([4, 5]);
        source.End();

        var (outcome, error) = await RunAsync(source, destination);

        Assert.Equal(PumpOutcome.SourceClosed, outcome);
        Assert.Null(error);
        Assert.Equal([1, 2, 3, 4, 5], destination.Written);
        Assert.Equal(5, _traffic.Bytes);
        // A zero-byte read before each chunk and before the end: an idle pump holds no buffer.
        Assert.True(source.ZeroByteReads >= 3, $"{source.ZeroByteReads} zero-byte reads");
    }

    [Fact]
    public async Task SourceThrows_TheOutcomeIsSourceFailed_WithTheSourcesError()
    {
        var source = new ScriptedStream();
        var failure = new IOException("connection reset by peer");
        source.Feed([1]);
        source.Fail(failure);
        var destination = new ScriptedStream();

        var (outcome, error) = await RunAsync(source, destination);

        Assert.Equal(PumpOutcome.SourceFailed, outcome);
        Assert.Same(failure, error);
        Assert.Equal([1], destination.Written);
    }

    [Fact]
    public async Task SourceThrowsAfterTheTunnelWasStopped_TheOutcomeIsCanceled_NotAFailure()
    {
        var source = new ScriptedStream(readsIgnoreCancellation: true);
        var pump = RunAsync(source, new ScriptedStream());
        await source.WaitForReadsWaitingAsync(1, _cancellationToken);

        _deadlines.EndRelay();
        source.Fail(new IOException("the socket was aborted"));

        Assert.Equal(PumpOutcome.Canceled, (await pump).Outcome);
    }

    [Fact]
    public async Task DestinationThrows_TheOutcomeIsDestinationFailed_AndTheFramePositionIsLost()
    {
        var source = new ScriptedStream();
        source.Feed([1, 2, 3]);

        var (outcome, error) = await RunAsync(source, new ScriptedStream(StreamWrites.Throw));

        Assert.Equal(PumpOutcome.DestinationFailed, outcome);
        Assert.IsType<IOException>(error);
        Assert.False(_direction.Frames.AtBoundary);
        Assert.Equal(0, _traffic.Bytes);
    }

    [Fact]
    public async Task StoppedWhileWaitingForData_TheOutcomeIsCanceled_AndTheReadStampIsCleared()
    {
        var source = new ScriptedStream();
        var pump = RunAsync(source, new ScriptedStream());
        await source.WaitForReadsWaitingAsync(1, _cancellationToken);
        Assert.Equal(_clock.GetTimestamp(), _direction.ReadingSince);
        Assert.Equal(RelayDirection.NotWaiting, _direction.WritingSince);

        _deadlines.EndRelay();

        Assert.Equal((PumpOutcome.Canceled, (Exception?)null), await pump);
        Assert.Equal(RelayDirection.NotWaiting, _direction.ReadingSince);
    }

    [Fact]
    public async Task StalledWrite_IsStampedForTheWatchdog_AndStoppingEndsItAsCanceled()
    {
        var source = new ScriptedStream();
        var destination = new ScriptedStream(StreamWrites.Stall);
        source.Feed([1, 2, 3]);
        var pump = RunAsync(source, destination);
        await destination.WaitForWriteStalledAsync(_cancellationToken);
        Assert.Equal(_clock.GetTimestamp(), _direction.WritingSince);

        _deadlines.EndRelay();

        var (outcome, error) = await pump;
        Assert.Equal(PumpOutcome.Canceled, outcome);
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(RelayDirection.NotWaiting, _direction.WritingSince);
        Assert.False(_direction.Frames.AtBoundary);
    }

    [Fact]
    public async Task SlowDestination_EverythingIsDeliveredInOrderOnceItCatchesUp()
    {
        var source = new ScriptedStream();
        var destination = new ScriptedStream(StreamWrites.Stall);
        source.Feed([1, 2]);
        var pump = RunAsync(source, destination);
        await destination.WaitForWriteStalledAsync(_cancellationToken);
        source.Feed([3]);
        source.End();

        destination.ReleaseWrites();

        Assert.Equal(PumpOutcome.SourceClosed, (await pump).Outcome);
        Assert.Equal([1, 2, 3], destination.Written);
    }

    [Fact]
    public async Task FramesMode_AMessageOverTheLimit_EndsAsMessageTooBig_DeliveringOnlyTheFramesBeforeIt()
    {
        using var framesMode = new StreamPumpTests(new FrameBoundaryTracker(new DirectionTraffic(), maxMessageBytes: 10));
        var source = new ScriptedStream();
        var destination = new ScriptedStream();
        var allowed = WrittenFrames.ServerFrame(0x2, new byte[10]);
        source.Feed([.. allowed, .. WrittenFrames.ServerFrame(0x2, new byte[11])]);

        var (outcome, error) = await framesMode.RunAsync(source, destination);

        Assert.Equal(PumpOutcome.MessageTooBig, outcome);
        Assert.Null(error);
        Assert.Equal(allowed, destination.Written);
        Assert.True(framesMode._direction.Frames.AtBoundary);
    }

    [Fact]
    public async Task FramesMode_AHeaderSplitAcrossReads_IsHeldBackUntilWhole_SoNoWriteEndsInsideAHeader()
    {
        using var framesMode = new StreamPumpTests(new FrameBoundaryTracker(new DirectionTraffic(), maxMessageBytes: 0));
        var source = new ScriptedStream();
        var destination = new ScriptedStream();
        var frame = RawWebSocketConnection.MaskedFrame(0x1, new byte[300], final: true); // 8-byte header
        source.Feed(frame[..3]);
        var pump = framesMode.RunAsync(source, destination);
        await source.WaitForReadsWaitingAsync(1, _cancellationToken);
        Assert.Empty(destination.Written);

        source.Feed(frame[3..]);
        source.End();

        Assert.Equal(PumpOutcome.SourceClosed, (await pump).Outcome);
        Assert.Equal(frame, destination.Written);
    }

    public void Dispose()
    {
        _deadlines.Dispose();
        _direction.Dispose();
        _otherDirection.Dispose();
    }

    private Task<(PumpOutcome Outcome, Exception? Error)> RunAsync(ScriptedStream source, ScriptedStream destination) =>
        StreamPump.RunAsync(source, destination, _direction, _deadlines, _clock).WaitAsync(_cancellationToken);
}
