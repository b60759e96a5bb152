using WsProxyLab.Load.Connections;
using System.CommandLine;
using Microsoft.Extensions.Logging;
using WsProxyLab.Bench;

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
    using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
    var startedAt = DateTimeOffset.UtcNow;
    await using var stack = await BenchStack.StartAsync(settings.Targets, settings.Tunnels, loggerFactory, cancellationToken);
    using var connector = new SourceAddressConnector(settings.SourceAddresses);
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
