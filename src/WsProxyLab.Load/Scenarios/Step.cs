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

        return await RecordAsync(name, scenario.Recorder, intendedStart, run, context.ScenarioCancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records, with the measured run's figures, an outcome measured outside an invocation: each connection a pool opened
    /// in the scenario's init, with the time its handshake took.
    /// </summary>
    public static void Record(string name, ScenarioInitContext context, Response response, TimeSpan latency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        if (context.Recorder is null)
        {
            throw new ArgumentException("Step.Record needs the init context the runner passed to the scenario.", nameof(context));
        }

        context.Recorder.Record(name, response, latency);
    }

    private static async Task<Response> RecordAsync(string name, Statistics.StatsRecorder recorder, long intendedStart, Func<Task<Response>> run, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            response = await run().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            response = Response.Fail(message: $"{exception.GetType().Name}: {exception.Message}");
        }

        recorder.Record(name, response, Stopwatch.GetElapsedTime(intendedStart));
        return response;
    }
}
