using System.Globalization;

namespace WsProxyLab.Bench.Engine;

/// <summary>
/// The load engine's own benchmark, against the echo backend directly: one runner process holds a small and a large
/// pool (memory per connection is the difference), then echo-latency and the independent client take turns putting
/// the same paced load on the same backend.
/// </summary>
internal static class EngineBenchmark
{
    private const string Runner = "WsProxyLab.LoadTests";
    private const string IndependentClient = "WsProxyLab.EchoClient";

    public static async Task<(IReadOnlyList<HoldFigures> Holds, IReadOnlyList<EchoFigures> Echoes)> RunAsync(
        EngineBenchSettings settings, Uri echoUri, Action<string> progress, CancellationToken cancellationToken)
    {
        var reports = Directory.CreateTempSubdirectory("wsproxylab-engine-bench-").FullName;
        try
        {
            var holds = new List<HoldFigures>();
            foreach (var connections in new[] { EngineBenchSettings.BaselineConnections, settings.HoldConnections })
            {
                var json = await RunRunnerAsync(reports, $"hold-{connections}", cancellationToken,
                    "--scenario", "hold", "--target", echoUri.ToString(), "--connections", Text(connections), "--heartbeat", "0s",
                    "--duration", $"{EngineBenchSettings.HoldDuration.TotalSeconds:0}s").ConfigureAwait(false);
                var hold = EngineRunParser.Hold(connections, json);
                progress($"hold {connections}: {hold.Held} held, {hold.Dropped} dropped, working set {hold.WorkingSetBytes / 1048576.0:0.0} MiB");
                holds.Add(hold);
            }

            var echoes = new List<EchoFigures>();
            for (var repeat = 1; repeat <= settings.Repeats; repeat++)
            {
                var json = await RunRunnerAsync(reports, $"echo-{repeat}", cancellationToken,
                    "--scenario", "echo-latency", "--target", echoUri.ToString(), "--connections", Text(settings.EchoConnections),
                    "--rate", Text(settings.MessagesPerSecond), "--size", Text(settings.MessageBytes),
                    "--duration", $"{settings.Duration.TotalSeconds:0}s", "--warmup", $"{settings.Warmup.TotalSeconds:0}s").ConfigureAwait(false);
                var engine = EngineRunParser.EngineEcho(json);
                progress($"[{repeat}/{settings.Repeats}] engine: p50 {engine.CorrectedP50Microseconds:0} µs (raw {engine.RawP50Microseconds:0} µs), {engine.CpuMicrosecondsPerMessage:0} µs CPU/message");
                echoes.Add(engine);

                var (exitCode, output) = await ChildRun.RunAsync(IndependentClient,
                    [echoUri.ToString(), Text(settings.EchoConnections), Text(settings.MessagesPerSecond), Text(settings.MessageBytes),
                        Text((int)settings.Warmup.TotalSeconds), Text((int)settings.Duration.TotalSeconds)], cancellationToken).ConfigureAwait(false);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"The independent client exited {exitCode}: {output}");
                }

                var independent = EngineRunParser.IndependentEcho(output);
                progress($"[{repeat}/{settings.Repeats}] independent client: p50 {independent.RawP50Microseconds:0} µs, {independent.CpuMicrosecondsPerMessage:0} µs CPU/message");
                echoes.Add(independent);
            }

            return (holds, echoes);
        }
        finally
        {
            Directory.Delete(reports, recursive: true);
        }
    }

    private static async Task<string> RunRunnerAsync(string reports, string name, CancellationToken cancellationToken, params string[] arguments)
    {
        var directory = Path.Combine(reports, name);
        var (exitCode, output) = await ChildRun.RunAsync(Runner, ["run", .. arguments, "--report-dir", directory], cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The runner ({name}) exited {exitCode}: {output}");
        }

        return await File.ReadAllTextAsync(Path.Combine(directory, "report.json"), cancellationToken).ConfigureAwait(false);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
