namespace WsProxyLab.Orchestration.Tests;

/// <summary>Waits on a replica's signals (log lines, states) instead of sleeping.</summary>
internal static class ResourceInstanceWaits
{
    public static async Task<string> WaitForLogLineAsync(this ResourceInstance instance, string fragment, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string line)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                found.TrySetResult(line);
            }
        }

        instance.LogReceived += OnLine;
        try
        {
            // A line that arrived before the subscription is in the recent logs.
            if (instance.RecentLogs.FirstOrDefault(line => line.Contains(fragment, StringComparison.Ordinal)) is { } earlier)
            {
                return earlier;
            }

            return await found.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            instance.LogReceived -= OnLine;
        }
    }

    public static async Task WaitForStateAsync(this ResourceInstance instance, ResourceState state, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(ResourceStateChange change)
        {
            if (change.Current == state)
            {
                reached.TrySetResult();
            }
        }

        instance.StateChanged += OnChange;
        try
        {
            if (instance.State != state)
            {
                await reached.Task.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            instance.StateChanged -= OnChange;
        }
    }
}
