using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>
/// Reconnecting clients (the engine's <c>failover</c>, on Websocket.Client) while one replica is stopped a third into
/// the run: the sessions lost and the close codes they saw (the replica closes with 1001 as it stops; 1006 means the
/// proxy dropped the close), and the time from each drop until the client was served again. Beside them, chat members
/// with the sticky cookie (<see cref="ChatResumeScenario"/>): those of the stopped replica reconnect at once, the others
/// drop and resume two thirds in; a resume succeeds only on the replica that issued the token.
/// </summary>
internal sealed class FailoverMeasurement : IMeasurement
{
    public string Name => "failover";

    public string Concern => "Sticky";

    public string Description => "reconnecting clients while one replica stops a third into the run (cookie policy): sessions lost, close codes, time to reconnect, chat sessions resumed with their token";

    public ProfileVariant Variant => ProfileVariant.Cookie;

    public string LatencyStep => "recovery";

    public string? WhyNotApplicable(string target) => target == CompareTargets.Direct ? "one replica only: nothing to fail over to" : null;

    private static TimeSpan RunFor(SuiteScale scale) => scale.ShortDuration * 2;

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        var settings = new RunSettings(input.WebSocket("/ws/echo"), input.Scale.Clients, Rate: 1, MessageBytes: 8, RunFor(input.Scale), TimeSpan.Zero, RoomSize: 1, TimeSpan.Zero, input.CertificateValidation);
        return [new FailoverScenario().Build(settings), new ChatResumeScenario(RunFor(input.Scale) * 2 / 3).Build(settings with { Target = input.WebSocket("/ws/chat") })];
    }

    public async Task AlongsideAsync(MeasurementInput input, CancellationToken cancellationToken)
    {
        await Task.Delay(RunFor(input.Scale) / 3, cancellationToken).ConfigureAwait(false);
        await input.Backends.StopAsync(input.Backends.FailoverReplica, cancellationToken).ConfigureAwait(false);
    }

    public Task RestoreAsync(MeasurementInput input, CancellationToken cancellationToken) =>
        input.Backends.StartAgainAsync(input.Backends.FailoverReplica, cancellationToken);

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var disconnects = output.Step("disconnect");
        var recovery = output.Step("recovery");
        return
        [
            new("sessions_lost", disconnects.Count, "sessions"),
            new("unexpected_1006", Count(output.Codes("disconnect"), "1006"), "sessions"),
            new("recovered", recovery.Ok.Count, "sessions"),
            new("recovery_p50", Milliseconds(recovery.Ok.P50Microseconds), "ms"),
            new("recovery_p99", Milliseconds(recovery.Ok.P99Microseconds), "ms"),
            new("down", output.Step("heartbeat").FailPercent, "% of beats"),
            new("chat_dropped", output.Step("chat-drop").Count, "sessions"),
            new("chat_resumed", Percent(output.Step("resume").Ok.Count, output.Step("resume").Count), "% of resumes"),
            new("chat_4001", Count(output.Codes("resume"), "4001"), "resumes"),
        ];
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output) =>
        new Dictionary<string, IReadOnlyDictionary<string, long>> { ["close codes"] = output.Codes("disconnect"), ["chat resumes"] = output.Codes("resume") };
}
