using System.Diagnostics;

namespace WsProxyLab.Load.Scenarios;

/// <summary>A measured part of a scenario, as NBomber's <c>Step.Run</c>: its latency and outcome are recorded under its name.</summary>
public static class Step
{
    /// <summary>Runs <paramref name="run"/>, recording its latency and response; an exception is recorded as a failure with its message.</summary>
    public static async Task<Response> Run(string name, IScenarioContext context, Func<Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        if (context is not ScenarioContext scenario)
        {
            throw new ArgumentException("Step.Run needs the context the runner passed to the scenario.", nameof(context));
        }

        var started = Stopwatch.GetTimestamp();
        Response response;
        try
        {
            response = await run().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.ScenarioCancellationToken.IsCancellationRequested)
        {
            response = Response.Fail(message: $"{exception.GetType().Name}: {exception.Message}");
        }

        scenario.Recorder.Record(name, response, Stopwatch.GetElapsedTime(started));
        return response;
    }
}
