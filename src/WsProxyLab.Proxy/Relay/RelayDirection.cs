namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// One direction of a tunnel: its frame position, what it delivered, since when its pending read and write have waited
/// (for the <see cref="TunnelWatchdog"/>), and, when the proxy may inject frames into it (keep-alive pings), the gate
/// that keeps an injected frame from landing in the middle of a relayed one.
/// </summary>
internal sealed class RelayDirection(FrameBoundaryTracker frames, DirectionTraffic traffic, bool injectable) : IDisposable
{
    /// <summary>The timestamp meaning "nothing is waiting".</summary>
    public const long NotWaiting = long.MinValue;

    private readonly TaskCompletionSource _closeDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _readingSince = NotWaiting;
    private long _writingSince = NotWaiting;

    public FrameBoundaryTracker Frames { get; } = frames;

    public DirectionTraffic Traffic { get; } = traffic;

    /// <summary>Held by whoever writes to the destination; null when nothing but the pump ever writes.</summary>
    public SemaphoreSlim? WriteGate { get; } = injectable ? new SemaphoreSlim(1, 1) : null;

    /// <summary>When the pending read of the source began, or <see cref="NotWaiting"/>.</summary>
    public long ReadingSince
    {
        get => Volatile.Read(ref _readingSince);
        set => Volatile.Write(ref _readingSince, value);
    }

    /// <summary>When the pending write to the destination began, or <see cref="NotWaiting"/>.</summary>
    public long WritingSince
    {
        get => Volatile.Read(ref _writingSince);
        set => Volatile.Write(ref _writingSince, value);
    }

    /// <summary>Completes once a close frame has been delivered whole in this direction.</summary>
    public Task CloseDelivered => _closeDelivered.Task;

    /// <summary>Called by the pump after each write: completes <see cref="CloseDelivered"/> once a close frame has gone out whole.</summary>
    public void CheckCloseDelivered()
    {
        if (Frames.CloseSeen && Frames.AtBoundary)
        {
            _closeDelivered.TrySetResult();
        }
    }

    public void Dispose() => WriteGate?.Dispose();
}
