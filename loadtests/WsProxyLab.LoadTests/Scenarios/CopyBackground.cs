using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// A copy's background work (a receive loop) that outlives the pass it started in. Warm-up and the measured run are
/// separate passes with their own contexts and cancellation: a loop started in warm-up records into the context of the
/// pass now running (<see cref="Follow"/>, called by each invocation) and runs until the scenario ends and the runner
/// disposes the copy's data, so warm-up's end neither aborts its socket nor sends its steps to warm-up's discarded figures.
/// </summary>
internal sealed class CopyBackground(IScenarioContext context) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The context of the pass now running.</summary>
    public IScenarioContext Context { get; private set; } = context;

    /// <summary>Cancelled when the scenario ends.</summary>
    public CancellationToken Token => _stop.Token;

    public void Follow(IScenarioContext current) => Context = current;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
