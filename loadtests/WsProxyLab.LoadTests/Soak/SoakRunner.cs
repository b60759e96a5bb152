using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Compare;
using WsProxyLab.LoadTests.Scenarios;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.LoadTests.Soak;

/// <summary>
/// Runs the soak: the replicas and every target started as compare starts them, then for each target at once its own
/// held connections echoing in turn and a steady churn of short connections, for the whole duration, with every
/// target's memory, open files, tunnels and GC pauses read each minute. After the load, the tunnels the lab's proxy
/// still lists are counted: a leak leaves some behind.
/// </summary>
internal sealed class SoakRunner(IReadOnlyList<string> targets, TimeSpan duration, int held, int rate, int churn, ILoggerFactory loggerFactory, TextWriter progress)
{
    private const int Replicas = 3;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SettleAfterLoad = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastSampleBeforeEnd = TimeSpan.FromSeconds(10);

    public async Task<SoakResult> RunAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        await using var backends = await LabBackends.StartAsync(workDirectory, Replicas, network: null, cancellationToken).ConfigureAwait(false);
        var validation = CaTrust.FromPem(backends.CaCertificate);
        var profile = new ProxyProfile { Name = "soak", Upstreams = backends.Upstreams, MaxConnections = held + (churn * 10) + 500 };
        var scale = new SuiteScale { Held = held, Rate = rate, Duration = duration, ChurnRate = churn, ChurnDuration = duration };
        await using var fleet = new TargetFleet(profile, scale, containers: false, workDirectory, backends.SecureUpstream, loggerFactory);
        var started = new List<(string Name, IPeerTarget Target)>();
        foreach (var name in targets)
        {
            var (target, unavailable) = await fleet.GetAsync(name, ProfileVariant.Default, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                throw new InvalidOperationException($"{name} cannot run: {unavailable}");
            }

            started.Add((name, target));
            await progress.WriteLineAsync($"{name}: {target.WebSocketBase} (pid {target.ProcessId})").ConfigureAwait(false);
        }

        var samples = started.ToDictionary(entry => entry.Name, _ => new List<SoakSample>(), StringComparer.Ordinal);
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loads = started.ToDictionary(entry => entry.Name, entry => LoadRunner.RunAsync(Scenarios(entry.Name, entry.Target, validation), loggerFactory, cancellationToken: cancellationToken), StringComparer.Ordinal);
        var sampling = SampleAsync(started, samples, stopSampling.Token);
        string? partial = null;
        var results = new Dictionary<string, IReadOnlyList<ScenarioResult>>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, load) in loads)
            {
                results[name] = await load.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            partial = "stopped (Ctrl+C or SIGTERM); the minutes sampled until then are reported";
        }
        finally
        {
            await stopSampling.CancelAsync().ConfigureAwait(false);
            await sampling.ConfigureAwait(false);
        }

        await Task.Delay(SettleAfterLoad, CancellationToken.None).ConfigureAwait(false);
        var outcome = new List<SoakTargetResult>();
        foreach (var (name, target) in started)
        {
            var left = name == "wsproxy" ? await SoakProbe.TunnelsAsync(target, CancellationToken.None).ConfigureAwait(false) : null;
            outcome.Add(new SoakTargetResult(name, samples[name], results.GetValueOrDefault(name) ?? [], left));
        }

        return new SoakResult(startedAt, duration, held, rate, churn, outcome) { Partial = partial };
    }

    private IReadOnlyList<ScenarioProps> Scenarios(string name, IPeerTarget target, System.Net.Security.RemoteCertificateValidationCallback validation)
    {
        var echo = new RunSettings(new Uri(target.WebSocketBase, "/ws/echo"), held, rate, MessageBytes: 64, duration, WarmUp, RoomSize: 1, TimeSpan.Zero, validation);
        return
        [
            new FaultEchoScenario(new FaultClock(), faultedReplica: null, TimeSpan.FromSeconds(10)).Build(echo, $"soak-echo-{name}"),
            ChurnScenario.Build(echo with { Rate = churn }, $"soak-churn-{name}"),
        ];
    }

    /// <summary>
    /// Samples every target at once each minute, the first time once the held connections are open and the last time
    /// shortly before the load ends (not as its connections close).
    /// </summary>
    private async Task SampleAsync(List<(string Name, IPeerTarget Target)> started, Dictionary<string, List<SoakSample>> samples, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(WarmUp, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var last = duration - LastSampleBeforeEnd;
            while (!cancellationToken.IsCancellationRequested)
            {
                var minute = clock.Elapsed.TotalMinutes;
                foreach (var (name, target) in started)
                {
                    if (await SoakProbe.SampleAsync(name, target, minute, name == "wsproxy", cancellationToken).ConfigureAwait(false) is { } sample)
                    {
                        samples[name].Add(sample);
                        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"[{minute,5:0.0} min] {name,-8} RSS {sample.RssMiB,7:0.0} MiB  files {sample.OpenFiles,6}{(sample.Tunnels is { } tunnels ? $"  tunnels {tunnels,6}" : string.Empty)}{(sample.GcPauseSeconds is { } pause ? $"  GC paused {pause * 1000:0} ms in all" : string.Empty)}")).ConfigureAwait(false);
                    }
                }

                if (clock.Elapsed >= last)
                {
                    return;
                }

                var next = TimeSpan.FromTicks(Math.Min((clock.Elapsed + SampleInterval).Ticks, last.Ticks));
                await Task.Delay(next - clock.Elapsed, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The load ended.
        }
    }
}
