namespace WsProxyLab.Proxy.Relay;

/// <summary>A tunnel's idle timer: both directions re-arm it on every delivery; it fires when no bytes moved either way for the idle timeout.</summary>
internal sealed class IdleWatch : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly TimeSpan _timeout;

    public IdleWatch(TimeSpan timeout, TimeProvider timeProvider)
    {
        _timeout = timeout;
        _timer = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, timeProvider);
        Touch();
    }

    public CancellationToken Token => _timer.Token;

    public TimeSpan Timeout => _timeout;

    /// <summary>Bytes moved: the idle period starts again.</summary>
    public void Touch() => _timer.CancelAfter(_timeout);

    public void Dispose() => _timer.Dispose();
}
