namespace WsProxyLab.Tests.Common;

/// <summary>Per-test cancellation: every wait in a test is bounded, so a hang fails the test instead of the run.</summary>
public static class TestTimeouts
{
    /// <summary>The default bound of one test's waits.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    /// <summary>A token cancelled after <paramref name="timeout"/> (default 15 s) or when xunit cancels the test.</summary>
    public static CancellationToken CreateTimer(TimeSpan? timeout = null)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(Xunit.TestContext.Current.CancellationToken);
        source.CancelAfter(timeout ?? Default);
        return source.Token;
    }
}
