using WsProxyLab.Load.Connections;
using System.CommandLine;
using WsProxyLab.Bench;
using WsProxyLab.Bench.Engine;

var tunnels = PositiveOption("--tunnels", "Idle tunnels held through each target.", 5000, max: 9500);
var rate = PositiveOption("--rate", "Echo messages per second (total).", 2000, max: 50_000);
var size = PositiveOption("--size", "Echo message size in bytes.", 64, max: 1024 * 1024);
var duration = PositiveOption("--duration", "Seconds of measured echo traffic per target.", 10, max: 600);
var warmup = PositiveOption("--warmup", "Seconds of echo warm-up before measuring.", 2, max: 60);
var echoConnections = PositiveOption("--echo-connections", "Connections carrying the echo traffic.", 100, max: 1000);
var repeats = PositiveOption("--repeats", "Rounds over all targets (medians are reported).", 1, max: 10);
var sourceAddresses = PositiveOption("--source-addresses", "Client addresses used (127.0.0.2 and up).", 4, max: 200);
var targets = new Option<string[]>("--targets")
{
    Description = $"Targets, in order: {string.Join(", ", BenchStack.AllTargets)}.",
    DefaultValueFactory = _ => BenchStack.AllTargets,
    AllowMultipleArgumentsPerToken = true,
};
targets.Validators.Add(result =>
{
    foreach (var unknown in result.GetValueOrDefault<string[]>().Except(BenchStack.AllTargets))
    {
        result.AddError($"--targets has '{unknown}'; choose from {string.Join(", ", BenchStack.AllTargets)}.");
    }
});
var output = new Option<string>("--out") { Description = "Where the Markdown report is written.", DefaultValueFactory = _ => "artifacts/bench/tunnel-benchmark.md" };

var root = new RootCommand("Holds idle tunnels and drives echo traffic through each target; reports memory per tunnel, CPU per message and added latency as ratios against nginx, YARP and the direct connection measured in the same run.")
{
    tunnels, rate, size, duration, warmup, echoConnections, repeats, sourceAddresses, targets, output,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var settings = new BenchSettings(
        parse.GetValue(tunnels), parse.GetValue(rate), parse.GetValue(size), TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)),
        parse.GetValue(echoConnections), parse.GetValue(targets)!, parse.GetValue(repeats), parse.GetValue(sourceAddresses), parse.GetValue(output)!);
    var startedAt = DateTimeOffset.UtcNow;
    await using var stack = await BenchStack.StartAsync(settings.Targets, settings.Tunnels, cancellationToken);
    var connector = new SourceAddressConnector(settings.SourceAddresses);
    var results = new List<TargetResult>();
    for (var repeat = 1; repeat <= settings.Repeats; repeat++)
    {
        foreach (var target in stack.Targets)
        {
            var result = await TargetRun.RunAsync(target, stack.BackendProcessId, connector, settings, line => Console.WriteLine($"[{repeat}/{settings.Repeats}] {line}"), cancellationToken);
            results.Add(result);
        }
    }

    var trims = stack.LogLinesOf(BenchStack.WsProxy, "Memory trim");
    var report = BenchReport.Render(settings, results, startedAt)
        + (trims.Count == 0 ? string.Empty : $"{Environment.NewLine}wsproxy's memory trims (see README, runtime settings):{Environment.NewLine}{string.Join(Environment.NewLine, trims.Select(line => $"- {line}"))}{Environment.NewLine}");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.OutputPath))!);
    await File.WriteAllTextAsync(settings.OutputPath, report, cancellationToken);
    Console.WriteLine();
    Console.WriteLine(report);
    Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputPath)}");
    var unclean = results.Where(result => !result.Clean).Select(result => result.Target.Name).Distinct().ToList();
    if (unclean.Count > 0)
    {
        Console.Error.WriteLine($"Not every tunnel or message went through: {string.Join(", ", unclean)} (see the failures in the report).");
        return 1;
    }

    return 0;
});

var engineHold = PositiveOption("--hold", "Connections one runner holds for the memory figure.", 9000, max: 9500);
var engineConnections = PositiveOption("--connections", "Connections held during the echo runs.", 5000, max: 9500);
var engineRate = PositiveOption("--rate", "Echo messages per second (total).", 2000, max: 50_000);
var engineSize = PositiveOption("--size", "Echo message size in bytes (at least 8: the sequence number).", 64, max: 1024 * 1024);
engineSize.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is > 0 and < 8)
    {
        result.AddError($"--size is {result.GetValueOrDefault<int>()}; choose from 8 to {1024 * 1024} (echo-latency puts a sequence number in the first 8 bytes).");
    }
});
var engineDuration = PositiveOption("--duration", "Seconds of measured echo traffic per run.", 20, max: 600);
var engineWarmup = PositiveOption("--warmup", "Seconds of echo warm-up before measuring.", 3, max: 60);
var engineRepeats = PositiveOption("--repeats", "Turns of engine and independent client (medians are reported).", 2, max: 10);
var engineOutput = new Option<string>("--out") { Description = "Where the Markdown report is written.", DefaultValueFactory = _ => "artifacts/bench/engine-benchmark.md" };
var engine = new Command("engine", "The load engine's own benchmark against the echo backend: memory per held connection, round-trip p50 and CPU per message, checked against an independent client.")
{
    engineHold, engineConnections, engineRate, engineSize, engineDuration, engineWarmup, engineRepeats, engineOutput,
};
engine.SetAction(async (parse, cancellationToken) =>
{
    var settings = new EngineBenchSettings(parse.GetValue(engineHold), parse.GetValue(engineConnections), parse.GetValue(engineRate), parse.GetValue(engineSize),
        TimeSpan.FromSeconds(parse.GetValue(engineDuration)), TimeSpan.FromSeconds(parse.GetValue(engineWarmup)), parse.GetValue(engineRepeats), parse.GetValue(engineOutput)!);
    var startedAt = DateTimeOffset.UtcNow;
    await using var stack = await BenchStack.StartAsync([BenchStack.Direct], settings.HoldConnections, cancellationToken);
    var echoUri = new UriBuilder(stack.Targets[0].BaseUri) { Scheme = "ws", Path = "/ws/echo" }.Uri;
    var (holds, echoes) = await EngineBenchmark.RunAsync(settings, echoUri, Console.WriteLine, cancellationToken);
    var report = EngineBenchReport.Render(settings, holds, echoes, startedAt);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.OutputPath))!);
    await File.WriteAllTextAsync(settings.OutputPath, report, cancellationToken);
    Console.WriteLine();
    Console.WriteLine(report);
    Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputPath)}");
    return 0;
});
root.Subcommands.Add(engine);
return await root.Parse(args).InvokeAsync();

static Option<int> PositiveOption(string name, string description, int defaultValue, int max)
{
    var option = new Option<int>(name) { Description = $"{description} Default {defaultValue}.", DefaultValueFactory = _ => defaultValue };
    option.Validators.Add(result =>
    {
        var value = result.GetValueOrDefault<int>();
        if (value < 1 || value > max)
        {
            result.AddError($"{name} is {value}; choose from 1 to {max}.");
        }
    });
    return option;
}
