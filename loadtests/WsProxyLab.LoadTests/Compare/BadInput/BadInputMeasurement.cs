using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Compare.Measurements;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.BadInput;

/// <summary>
/// One bad input sent to the target while held connections echo beside it (<see cref="FaultEchoScenario"/> with no
/// fault): the answer (a status, a close code, a TLS alert, a drop, or silence), and whether anyone else lost an echo or
/// was cut, or the target's process went away.
/// </summary>
internal sealed class BadInputMeasurement(BadInputCase input) : IMatrixMeasurement
{
    private static readonly TimeSpan EchoTimeout = TimeSpan.FromSeconds(5);

    private FaultClock _clock = new();
    private BadInputAnswer? _answer;

    public string Name => $"bad-{input.Name}";

    public string Concern => "Bad input";

    public string Matrix => "Bad-input matrix";

    public string Case => input.Label;

    public string Description => $"{input.Label}, sent once beside held echoing connections: the target's answer, and no one else's loss";

    public ProfileVariant Variant => ProfileVariant.BadInput;

    public string LatencyStep => "echo";

    public string? WhyNotApplicable(string target) => null;

    /// <summary>A few dozen connections for a few seconds are enough to see that others are unaffected, whatever the suite's scale.</summary>
    private static SuiteScale Beside(SuiteScale scale) => scale with
    {
        Held = Math.Min(scale.Held, 50),
        Rate = Math.Min(scale.Rate, 50),
        Duration = scale.Duration < TimeSpan.FromSeconds(3) ? scale.Duration : TimeSpan.FromSeconds(3),
        WarmUp = scale.WarmUp < TimeSpan.FromSeconds(1) ? scale.WarmUp : TimeSpan.FromSeconds(1),
    };

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput measurementInput)
    {
        (_clock, _answer) = (new FaultClock(), null);
        var scale = Beside(measurementInput.Scale);
        var echo = new RunSettings(measurementInput.WebSocket("/ws/echo"), scale.Held, scale.Rate, scale.MessageBytes, scale.Duration, scale.WarmUp, RoomSize: 1, TimeSpan.Zero, measurementInput.CertificateValidation);
        return [new FaultEchoScenario(_clock, faultedReplica: null, EchoTimeout).Build(echo)];
    }

    public async Task AlongsideAsync(MeasurementInput measurementInput, CancellationToken cancellationToken)
    {
        var scale = Beside(measurementInput.Scale);
        _clock.ExpectLoadEnd(scale.WarmUp + scale.Duration);
        await Task.Delay(scale.WarmUp, cancellationToken).ConfigureAwait(false);
        _clock.Mark();
        // Not the load's token: a slow answer (slowloris, a silent target) is still read out after the load ends.
        _answer = await input.Probe(measurementInput, CancellationToken.None).ConfigureAwait(false);
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var answer = _answer ?? BadInputAnswer.Silent(TimeSpan.Zero);
        var figures = new List<Figure>
        {
            new("explicit", answer.Explicit ? 1 : 0, "yes/no"),
            new("silent", answer.Kind == AnswerKind.Silent ? 1 : 0, "yes/no"),
            new("code", answer.Code, "status or close code"),
            new("lost", output.Step("echo").Fail.Count, "msgs"),
            new("cut", output.Step("cut").Count, "conns"),
            new("echo_p99", Milliseconds(output.Step("echo").Ok.P99Microseconds), "ms"),
        };
        if (output.Input.Target.ProcessId is { } processId)
        {
            figures.Add(new Figure("target_exited", Directory.Exists($"/proc/{processId}") ? 0 : 1, "processes"));
        }

        return figures;
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output) =>
        new Dictionary<string, IReadOnlyDictionary<string, long>> { ["answer"] = new Dictionary<string, long> { [(_answer ?? BadInputAnswer.Silent(TimeSpan.Zero)).Text] = 1 } };

    public string? Answer(CellResult cell)
    {
        if (cell.Runs.Count == 0 || cell.Runs[0].Distributions.GetValueOrDefault("answer") is not { Count: > 0 } answers)
        {
            return null;
        }

        var run = cell.Runs[0];
        double Get(string name) => run.Figures.FirstOrDefault(figure => figure.Name == name)?.Value ?? 0;
        var others = Get("lost") + Get("cut") == 0 ? string.Empty : $" · others: lost {Get("lost"):0}, cut {Get("cut"):0}";
        return answers.Keys.First() + others + (Get("target_exited") > 0 ? " · TARGET EXITED" : string.Empty);
    }
}
