using Microsoft.Extensions.Time.Testing;

namespace WsProxyLab.Proxy.Tests;

/// <summary>A <see cref="FakeTimeProvider"/> that says when a one-shot timer is created, so a test advances the clock only once code waits on it.</summary>
internal sealed class TimerSignalingTimeProvider : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Created)> _waiters = [];
    private readonly List<TimeSpan> _created = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan)
        {
            lock (_lock)
            {
                _created.Add(dueTime);
                foreach (var waiter in _waiters.Where(waiter => waiter.DueTime == dueTime))
                {
                    waiter.Created.TrySetResult();
                }
            }
        }

        return timer;
    }

    /// <summary>Completes once a one-shot timer due in <paramref name="dueTime"/> has been created.</summary>
    public Task WaitForOneShotTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_created.Contains(dueTime))
            {
                return Task.CompletedTask;
            }

            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, created));
            return created.Task.WaitAsync(cancellationToken);
        }
    }
}
