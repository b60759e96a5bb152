using System.Diagnostics;

namespace WsProxyLab.Load.Scenarios;

/// <summary>A measured part of a scenario, as NBomber's <c>Step.Run</c>: its latency and outcome are recorded under its name.</summary>
public static class Step
{
    /// <summary>Runs <paramref name="run"/>, recording its latency and response; an exception is recorded as a failure with its message.</summary>
    public static Task<Response> Run(string name, IScenarioContext context, Func<Task<Response>> run) =>
        RunFrom(name, context, Stopwatch.GetTimestamp(), run);

    /// <summary>
    /// Runs <paramref name="run"/>, recording its latency from <paramref name="intendedStart"/> (a <see cref="Stopwatch"/>
    /// timestamp): for rate-driven sends, the time a late send waited counts, so coordinated omission is corrected.
    /// </summary>
    public static async Task<Response> RunFrom(string name, IScenarioContext context, long intendedStart, Func<Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        if (context is not ScenarioContext scenario)
        {
            throw new ArgumentException("Step.Run needs the context the runner passed to the scenario.", nameof(context));
        }

        Response response;
        try
        {
            response = await run().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.ScenarioCancellationToken.IsCancellationRequested)
        {
            response = Response.Fail(message: $"{exception.GetType().Name}: {exception.Message}");
        }

        scenario.Recorder.Record(name, response, Stopwatch.GetElapsedTime(intendedStart));
        return response;
    }
}
