using System.Globalization;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Compare.Faults;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>
/// One fault made a quarter into a held load: the suite's held connections echoing in turn (<see cref="FaultEchoScenario"/>),
/// chat rooms fanning out with sequence numbers (<see cref="ChatFanoutScenario"/>) and reconnecting Websocket.Client
/// clients (<see cref="FailoverScenario"/>). It reports the connections cut on the faulted part and elsewhere with
/// their close codes, the echoes lost on connections still open (none may be lost where nothing failed), the time until
/// clients noticed, how many came back, and chat loss, duplication and reordering.
/// </summary>
internal sealed class FaultMeasurement(FaultKind kind) : IMatrixMeasurement
{
    private const int SlowConsumerCount = 10;
    private static readonly TimeSpan EchoTimeout = TimeSpan.FromSeconds(5);

    private FaultClock _clock = new();
    private string? _detail;
    private StormResult? _storm;
    private (int Opened, int Ended)? _slow;

    public string Name => kind switch
    {
        FaultKind.BackendKill => "fault-backend-kill",
        FaultKind.BackendStop => "fault-backend-stop",
        FaultKind.ProxyReload => "fault-proxy-reload",
        FaultKind.LinkLoss => "fault-link-loss",
        FaultKind.LinkBlackhole => "fault-link-blackhole",
        FaultKind.SlowConsumer => "fault-slow-consumer",
        FaultKind.ConnectStorm => "fault-connect-storm",
        FaultKind.SilentStorm => "fault-silent-storm",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault."),
    };

    public string Concern => "Faults";

    public string Matrix => "Fault matrix";

    public string Case => kind switch
    {
        FaultKind.BackendKill => "backend SIGKILL",
        FaultKind.BackendStop => "backend SIGTERM",
        FaultKind.ProxyReload => "proxy reload",
        FaultKind.LinkLoss => "5 % loss to a backend",
        FaultKind.LinkBlackhole => "blackhole to a backend",
        FaultKind.SlowConsumer => $"{SlowConsumerCount} slow consumers",
        FaultKind.ConnectStorm => "handshake storm",
        FaultKind.SilentStorm => "silent TCP storm",
        _ => Name,
    };

    public string Description => kind switch
    {
        FaultKind.BackendKill => "one replica SIGKILLed under the held load: cuts on it and elsewhere, close codes, time to notice, reconnects",
        FaultKind.BackendStop => "one replica stopped with SIGTERM (it closes with 1001) under the held load",
        FaultKind.ProxyReload => "the proxy reloaded as its operators do (nginx SIGHUP, HAProxy -W SIGUSR2, wsproxy config rewrite, YARP restart): tunnels cut, codes",
        FaultKind.LinkLoss => "5 % of the packets to and from one replica dropped (iptables in the lab's network namespace): lost messages, echo latency",
        FaultKind.LinkBlackhole => "every packet to and from one replica dropped: do the target's timeouts tell the clients, and when",
        FaultKind.SlowConsumer => $"{SlowConsumerCount} clients asking for 3.2 MB/s and never reading: are they ended, does the target's memory stay bounded, is everyone else served",
        FaultKind.ConnectStorm => "a burst of WebSocket handshakes beside the held load: handshakes served, time, others unaffected",
        FaultKind.SilentStorm => "TCP connections that never send a byte: does the target end them, are others unaffected",
        _ => Name,
    };

    public ProfileVariant Variant => ProfileVariant.Faults;

    /// <summary>Where clients are cut, the time until they noticed; where nothing should be cut, the echo latency.</summary>
    public string LatencyStep => kind is FaultKind.BackendKill or FaultKind.BackendStop or FaultKind.LinkBlackhole ? "notice" : "echo";

    public string? WhyNotApplicable(string target) => target != CompareTargets.Direct ? null : kind switch
    {
        FaultKind.ProxyReload => "no proxy to reload",
        FaultKind.LinkLoss or FaultKind.LinkBlackhole => "the direct baseline reaches r0 on loopback; the faulty link is the isolated replica's",
        _ => null,
    };

    /// <summary>Whether the suite needs the failover replica behind a link of the lab's own.</summary>
    public bool NeedsFaultNetwork => kind is FaultKind.LinkLoss or FaultKind.LinkBlackhole;

    private bool HitsOneReplica => kind is FaultKind.BackendKill or FaultKind.BackendStop or FaultKind.LinkLoss or FaultKind.LinkBlackhole;

    /// <summary>The direct baseline has r0 only: its backend faults hit r0; the proxies' hit the failover replica.</summary>
    private static string FaultedReplica(MeasurementInput input) => input.TargetName == CompareTargets.Direct ? input.Backends.ReplicaIds[0] : input.Backends.FailoverReplica;

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        _clock = new FaultClock();
        (_detail, _storm, _slow) = (null, null, null);
        var scale = input.Scale;
        var echo = new RunSettings(input.WebSocket("/ws/echo"), scale.Held, scale.Rate, scale.MessageBytes, scale.Duration, scale.WarmUp, RoomSize: 1, TimeSpan.Zero, input.CertificateValidation);
        var members = scale.Clients * 5;
        var chat = echo with { Target = input.WebSocket("/ws/chat"), Connections = members, Rate = Math.Max(1, members / 2), RoomSize = 5 };
        var reconnecting = echo with { Connections = scale.Clients, Rate = 1, MessageBytes = 8 };
        return
        [
            new FaultEchoScenario(_clock, HitsOneReplica ? FaultedReplica(input) : null, EchoTimeout).Build(echo),
            new ChatFanoutScenario().Build(chat),
            new FailoverScenario().Build(reconnecting),
        ];
    }

    public async Task AlongsideAsync(MeasurementInput input, CancellationToken cancellationToken)
    {
        var scale = input.Scale;
        _clock.ExpectLoadEnd(scale.WarmUp + scale.Duration);
        await Task.Delay(scale.WarmUp + (scale.Duration / 4), cancellationToken).ConfigureAwait(false);
        var remaining = scale.Duration * 3 / 4;
        _clock.Mark();
        switch (kind)
        {
            case FaultKind.BackendKill:
                await input.Backends.KillAsync(FaultedReplica(input), cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.BackendStop:
                await input.Backends.StopAsync(FaultedReplica(input), cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.ProxyReload:
                _detail = await input.Target.ReloadAsync(cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.LinkLoss or FaultKind.LinkBlackhole:
                await Link(input).SetAsync(kind == FaultKind.LinkLoss ? LinkCondition.Loss : LinkCondition.Blackhole, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.SlowConsumer:
                var consumers = new SlowConsumers(SlowConsumerCount, rate: 200, size: 16 * 1024);
                await consumers.OpenAsync(input.Target.WebSocketBase, cancellationToken).ConfigureAwait(false);
                await WaitOutAsync(remaining, cancellationToken).ConfigureAwait(false);
                _slow = (consumers.Opened, await consumers.CountEndedAsync().ConfigureAwait(false));
                break;
            case FaultKind.ConnectStorm:
                _storm = await ConnectStorm.HandshakesAsync(input.WebSocket("/ws/echo"), scale.StormConnections, input.CertificateValidation, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.SilentStorm:
                _storm = await ConnectStorm.SilentAsync(input.Target.WebSocketBase, scale.Held, remaining - TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Unknown fault {kind}.");
        }
    }

    public async Task RestoreAsync(MeasurementInput input, CancellationToken cancellationToken)
    {
        if (kind is FaultKind.BackendKill or FaultKind.BackendStop)
        {
            await input.Backends.StartAgainAsync(FaultedReplica(input), cancellationToken).ConfigureAwait(false);
            await input.Backends.WarmAsync(FaultedReplica(input), cancellationToken).ConfigureAwait(false);
        }
        else if (kind is FaultKind.LinkLoss or FaultKind.LinkBlackhole)
        {
            await Link(input).SetAsync(LinkCondition.Healthy, cancellationToken).ConfigureAwait(false);
        }

        if (HitsOneReplica && input.TargetName != CompareTargets.Direct)
        {
            await ReplicaSpread.SettleAsync(input, cancellationToken).ConfigureAwait(false);
        }
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var cutCodes = Merge(output.Codes("cut"), output.Codes("cut-affected"));
        var cut = output.Step("cut").Count;
        var cutAffected = output.Step("cut-affected").Count;
        var lost = output.Step("echo").Fail.Count;
        var lostAffected = output.Step("echo-affected").Fail.Count;
        var ended = cut + cutAffected + lost + lostAffected;
        var reconnected = output.Step("reconnect").Ok.Count + output.Step("reconnect-affected").Ok.Count;
        var notice = output.Step("notice");
        var delivery = output.Codes("delivery");
        var wscLost = output.Step("disconnect").Count;
        var figures = new List<Figure>
        {
            new("cut_affected", cutAffected, "conns"),
            new("cut", cut, "conns"),
            new("unexpected_1006", Count(cutCodes, "1006"), "conns"),
            new("lost", lost, "msgs"),
            new("lost_affected", lostAffected, "msgs"),
            new("notice_p50", Milliseconds(notice.Ok.P50Microseconds), "ms"),
            new("notice_p99", Milliseconds(notice.Ok.P99Microseconds), "ms"),
            new("reconnected", ended == 0 ? 100 : Percent(Math.Min(reconnected, ended), ended), "% of ended"),
            new("echo_p99", Milliseconds(output.Step("echo").Ok.P99Microseconds), "ms"),
            new("wsc_dropped", wscLost, "sessions"),
            new("wsc_recovered", wscLost == 0 ? 100 : Percent(output.Step("recovery").Ok.Count, wscLost), "% of dropped"),
            new("chat_lost", Count(delivery, "lost"), "msgs"),
            new("chat_duplicated", Count(delivery, "duplicate"), "msgs"),
            new("chat_reordered", Count(delivery, "reordered"), "msgs"),
            new("rss_growth", output.Usage.Measured ? Math.Max(0, output.Usage.RssPeakBytes - output.Usage.RssBeforeBytes) / 1048576.0 : 0, "MiB"),
        };
        if (output.Input.Target.ProcessId is { } processId)
        {
            figures.Add(new Figure("target_exited", Directory.Exists($"/proc/{processId}") ? 0 : 1, "processes"));
        }

        if (_slow is { } slow)
        {
            figures.Add(new Figure("slow_opened", slow.Opened, "conns"));
            figures.Add(new Figure("slow_ended", slow.Ended, "conns"));
        }

        if (_storm is { } storm)
        {
            figures.Add(new Figure("storm_ok", storm.Succeeded, "conns"));
            figures.Add(new Figure("storm_failed", storm.Failed, "conns"));
            figures.Add(new Figure("storm_seconds", storm.Took.TotalSeconds, "s"));
            if (kind == FaultKind.SilentStorm)
            {
                figures.Add(new Figure("silent_ended", storm.ClosedByTarget, "conns"));
            }
        }

        return figures;
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output)
    {
        var distributions = new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            ["close codes"] = Merge(output.Codes("cut"), output.Codes("cut-affected")),
            ["replicas"] = output.Codes("replica"),
            ["noticed by"] = output.Codes("notice"),
            ["chat deliveries"] = output.Codes("delivery"),
        };
        if (_detail is not null)
        {
            distributions[$"reload: {_detail}"] = new Dictionary<string, long>();
        }

        return distributions;
    }

    public string? Answer(CellResult cell)
    {
        if (cell.Runs.Count == 0)
        {
            return null;
        }

        var run = cell.Runs[0];
        double Get(string name) => run.Figures.FirstOrDefault(figure => figure.Name == name)?.Value ?? 0;
        var codes = run.Distributions.GetValueOrDefault("close codes") ?? new Dictionary<string, long>();
        var parts = new List<string>();
        var cuts = Get("cut_affected") + Get("cut");
        parts.Add(cuts == 0 ? "none cut" : Invariant($"cut {Get("cut_affected"):0}+{Get("cut"):0} ({string.Join(", ", codes.OrderByDescending(code => code.Value).Select(code => $"{code.Key}×{code.Value}"))})"));
        parts.Add(Invariant($"lost {Get("lost"):0}+{Get("lost_affected"):0}"));
        if (Get("notice_p50") > 0)
        {
            parts.Add(Invariant($"noticed p50 {Get("notice_p50"):0} ms"));
        }

        if (cuts + Get("lost") + Get("lost_affected") > 0)
        {
            parts.Add(Invariant($"back {Get("reconnected"):0} %"));
        }

        if (SlowConsumerSummary(run) is { } slow)
        {
            parts.Add(slow);
        }

        if (run.Figures.Any(figure => figure.Name == "storm_ok"))
        {
            parts.Add(kind == FaultKind.SilentStorm
                ? Invariant($"{Get("silent_ended"):0}/{Get("storm_ok"):0} silent ended")
                : Invariant($"storm {Get("storm_ok"):0} ok, {Get("storm_failed"):0} failed in {Get("storm_seconds"):0.0} s"));
        }

        if (Get("chat_lost") + Get("chat_duplicated") + Get("chat_reordered") > 0)
        {
            parts.Add(Invariant($"chat lost {Get("chat_lost"):0}, dup {Get("chat_duplicated"):0}, reordered {Get("chat_reordered"):0}"));
        }

        if (Get("target_exited") > 0)
        {
            parts.Add("TARGET EXITED");
        }

        return string.Join(" · ", parts);
    }

    private static string? SlowConsumerSummary(CellRun run)
    {
        var opened = run.Figures.FirstOrDefault(figure => figure.Name == "slow_opened");
        var ended = run.Figures.FirstOrDefault(figure => figure.Name == "slow_ended");
        var growth = run.Figures.FirstOrDefault(figure => figure.Name == "rss_growth");
        return opened is null || ended is null ? null : Invariant($"{ended.Value:0}/{opened.Value:0} slow ended, RSS +{growth?.Value ?? 0:0} MiB");
    }

    private static FaultNetwork Link(MeasurementInput input) =>
        input.Backends.Network ?? throw new InvalidOperationException("the suite started no fault network for the link faults");

    private static async Task WaitOutAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The load ended first: read the slow consumers out now.
        }
    }

    private static Dictionary<string, long> Merge(IReadOnlyDictionary<string, long> first, IReadOnlyDictionary<string, long> second) =>
        first.Concat(second).GroupBy(code => code.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Sum(code => code.Value), StringComparer.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
