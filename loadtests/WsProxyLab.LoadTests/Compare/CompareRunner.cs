using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WsProxyLab.Load.Running;
using WsProxyLab.LoadTests.Compare.Faults;
using WsProxyLab.LoadTests.Compare.Measurements;
using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// Runs a suite: starts the replicas and the targets, then for each repeat runs every measurement against every target
/// in turn (the targets' order rotating per repeat, so none always goes first), reading each target's CPU and memory.
/// </summary>
internal sealed class CompareRunner(CompareSuite suite, IReadOnlyList<string> targets, int repeats, bool containers, ILoggerFactory loggerFactory, TextWriter progress)
{
    private const int Replicas = 3;

    public async Task<CompareResult> RunAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = new CompareResult(suite, targets, repeats, DateTimeOffset.UtcNow) { PeerMode = containers ? "containers (host network)" : "host processes" };
        var (network, noNetwork) = suite.Measurements.OfType<FaultMeasurement>().Any(fault => fault.NeedsFaultNetwork)
            ? await FaultNetwork.CreateAsync(cancellationToken).ConfigureAwait(false)
            : (null, null);
        await using var networkOwner = network;
        if (noNetwork is not null)
        {
            await progress.WriteLineAsync($"link faults: unavailable: {noNetwork}").ConfigureAwait(false);
        }

        await using var backends = await LabBackends.StartAsync(workDirectory, Replicas, network, cancellationToken).ConfigureAwait(false);
        var validation = CaTrust.FromPem(backends.CaCertificate);
        var profile = new ProxyProfile
        {
            Name = "compare",
            Upstreams = backends.Upstreams,
            Tls = new ProfileTls(backends.ServerCertificate, backends.ServerKey),
            MaxConnections = Math.Max(1_000, suite.Scale.Held + suite.Scale.HotConnections + suite.Scale.StormConnections + 500),
        };
        await using var fleet = new TargetFleet(profile, suite.Scale, containers, workDirectory, backends.SecureUpstream, loggerFactory);
        try
        {
            foreach (var target in targets)
            {
                var (peer, unavailable) = await fleet.GetAsync(target, ProfileVariant.Default, cancellationToken).ConfigureAwait(false);
                if (unavailable is not null)
                {
                    result.Unavailable[target] = unavailable;
                    await progress.WriteLineAsync($"{target}: unavailable: {unavailable}").ConfigureAwait(false);
                }
                else
                {
                    result.TargetDetails[target] = peer!.ContainerId is { } container ? $"container {container[..12]}, pid {peer.ProcessId}" : peer.ProcessId is { } pid ? $"pid {pid}" : "no proxy";
                    await progress.WriteLineAsync($"{target}: {peer.WebSocketBase} ({result.TargetDetails[target]})").ConfigureAwait(false);
                }
            }

            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                var order = targets.Skip((repeat - 1) % targets.Count).Concat(targets.Take((repeat - 1) % targets.Count)).ToList();
                foreach (var measurement in suite.Measurements)
                {
                    foreach (var target in order)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await RunCellAsync(result, fleet, backends, validation, measurement, target, repeat, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result.Partial = "stopped (Ctrl+C or SIGTERM); the cells measured until then are reported";
        }

        result.Capabilities = fleet.CapabilityMatrices();
        result.WallTime = clock.Elapsed;
        return result;
    }

    private async Task RunCellAsync(CompareResult result, TargetFleet fleet, LabBackends backends, System.Net.Security.RemoteCertificateValidationCallback validation,
        IMeasurement measurement, string target, int repeat, CancellationToken cancellationToken)
    {
        var cell = result.Cell(measurement.Name, target);
        if (measurement.WhyNotApplicable(target) is { } notApplicable)
        {
            cell.MarkNotMeasured(CellStatus.NotApplicable, notApplicable);
            return;
        }

        if (result.Unavailable.TryGetValue(target, out var why))
        {
            cell.MarkNotMeasured(CellStatus.Unavailable, why);
            return;
        }

        var (peer, unavailable) = await fleet.GetAsync(target, measurement.Variant, cancellationToken).ConfigureAwait(false);
        if (peer is null)
        {
            cell.MarkNotMeasured(CellStatus.Unavailable, $"the '{measurement.Variant.Name}' profile: {unavailable}");
            await progress.WriteLineAsync($"[{repeat}/{repeats}] {measurement.Name,-28} {target,-8} unavailable: {unavailable}").ConfigureAwait(false);
            return;
        }

        var input = new MeasurementInput(target, peer, suite.Scale, backends, validation);
        var scenarios = measurement.Build(input);
        var primary = scenarios[0].Name;
        var sampler = new UsageSampler(peer);
        using var alongsideStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var alongside = measurement.AlongsideAsync(input, alongsideStop.Token);
        IReadOnlyList<ScenarioResult> results;
        string? alongsideFailure = null;
        try
        {
            results = await LoadRunner.RunAsync(scenarios, loggerFactory, (name, sample) =>
            {
                if (name == primary)
                {
                    sampler.Record(sample);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            cell.MarkNotMeasured(CellStatus.Failed, exception.Message);
            await progress.WriteLineAsync($"[{repeat}/{repeats}] {measurement.Name,-28} {target,-8} failed: {exception.Message}").ConfigureAwait(false);
            return;
        }
        finally
        {
            await alongsideStop.CancelAsync().ConfigureAwait(false);
            try
            {
                await alongside.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The load ended first.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Whatever the fault or probe threw, this cell failed and says why; the run goes on.
                alongsideFailure = $"what runs beside the load failed: {exception.GetBaseException().Message}";
            }

            await measurement.RestoreAsync(input, CancellationToken.None).ConfigureAwait(false);
        }

        if (alongsideFailure is not null)
        {
            cell.MarkNotMeasured(CellStatus.Failed, alongsideFailure);
            await progress.WriteLineAsync($"[{repeat}/{repeats}] {measurement.Name,-28} {target,-8} failed: {alongsideFailure}").ConfigureAwait(false);
            return;
        }

        var output = new MeasurementOutput(input, results, sampler.Finish(results[0]));
        var figures = measurement.Figures(output);
        var latency = output.Step(measurement.LatencyStep).Ok.Histogram;
        var generatorCpu = results[0].Timeline.Count == 0 ? 0 : results[0].Timeline.Average(sample => sample.GeneratorCpuPercent);
        cell.Add(new CellRun(repeat, figures,
            latency is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [measurement.LatencyStep] = latency },
            measurement.Distributions(output), output.Usage.Timeline, generatorCpu, results)
        {
            Invalid = results.Select(scenario => scenario.Invalid).FirstOrDefault(reason => reason is not null),
        });
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"[{repeat}/{repeats}] {measurement.Name,-28} {target,-8} {string.Join("  ", figures.Take(5).Select(figure => $"{figure.Name} {figure.Value:0.###} {figure.Unit}"))}")).ConfigureAwait(false);
    }
}
