using System.CommandLine;
using WsProxyLab.Bench;
using WsProxyLab.Bench.Engine;

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
    await using var backend = await EchoBackend.StartAsync(cancellationToken);
    var (holds, echoes) = await EngineBenchmark.RunAsync(settings, backend.Echo, Console.WriteLine, cancellationToken);
    var report = EngineBenchReport.Render(settings, holds, echoes, startedAt);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.OutputPath))!);
    await File.WriteAllTextAsync(settings.OutputPath, report, cancellationToken);
    Console.WriteLine();
    Console.WriteLine(report);
    Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputPath)}");
    return 0;
});
// The proxies are compared by the load tests' 'compare --suite perf', on the same engine as every other load.
var root = new RootCommand("The load engine's own benchmark ('engine'); the targets are compared by 'loadtests … compare --suite perf'.") { engine };
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
