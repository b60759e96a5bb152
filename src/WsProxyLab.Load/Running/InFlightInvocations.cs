namespace WsProxyLab.Load.Running;

/// <summary>Counts the invocations an open simulation started and tells when the last has ended, without keeping their tasks.</summary>
internal sealed class InFlightInvocations
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The starter holds one count until it has started the last invocation.
    private int _count = 1;

    public void Track(Task invocation)
    {
        Interlocked.Increment(ref _count);
        invocation.ContinueWith(static (_, state) => ((InFlightInvocations)state!).Release(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>No more invocations will start: completes once the started ones have ended.</summary>
    public Task EndedAsync()
    {
        Release();
        return _ended.Task;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _count) == 0)
        {
            _ended.TrySetResult();
        }
    }
}
