using System.CommandLine;
using WsProxyLab.Load.Reports;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Thresholds;
using WsProxyLab.LoadTests;
using WsProxyLab.LoadTests.Compare;
using WsProxyLab.LoadTests.Scenarios;
using WsProxyLab.LoadTests.Troubleshooting;

// Socket completions run inline on the epoll threads (read once, when the first socket is made): a receive loop's
// work per message is a few microseconds, and handing each one to a pool thread cost about 20 us of CPU per message
// and added its wake-up to every measured round trip (engine benchmark, README).
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var scenarioOption = new Option<string>("--scenario") { Description = "The scenario to run (see 'list').", Required = true };
scenarioOption.Validators.Add(result =>
{
    var name = result.GetValueOrDefault<string>();
    if (ScenarioCatalog.Find(name) is null)
    {
        result.AddError($"--scenario is '{name}'; choose from {string.Join(", ", ScenarioCatalog.All.Select(scenario => scenario.Name))}.");
    }
});
var targetOption = new Option<string>("--target") { Description = "The URL to load: ws:// or wss:// (http:// or https:// for sse-buffering).", Required = true };
targetOption.Validators.Add(result =>
{
    var text = result.GetValueOrDefault<string>();
    if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
    {
        result.AddError($"--target is '{text}'; give a ws://, wss://, http:// or https:// URL such as ws://127.0.0.1:5000/ws/echo.");
    }
});
var caOption = new Option<FileInfo?>("--ca") { Description = "A PEM CA file that wss:// and https:// certificates may chain to (the lab CA)." };
caOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<FileInfo?>() is not { } file)
    {
        return;
    }

    if (!file.Exists)
    {
        result.AddError($"--ca is '{file.FullName}', which does not exist.");
        return;
    }

    try
    {
        CaTrust.FromPem(file.FullName);
    }
    catch (System.Security.Cryptography.CryptographicException exception)
    {
        result.AddError($"--ca is '{file.FullName}', which holds no PEM certificate: {exception.Message}");
    }
});
var connectionsOption = RangeOption("--connections", "Connections held (copies).", 100, 1, 100_000);
var rateOption = RangeOption("--rate", "Messages per second over all connections (echo-latency).", 100, 1, 1_000_000);
var roomSizeOption = RangeOption("--room-size", "Members per chat room (chat-fanout).", 10, 1, 10_000);
var sizeOption = RangeOption("--size", "Bytes per message (at least 8: the sequence number).", 64, 8, 1024 * 1024);
var durationOption = DurationOption("--duration", "How long the measured load runs: 500ms, 60s, 2m, 1h.", "30s");
var warmUpOption = DurationOption("--warmup", "How long the load runs first, unmeasured.", "0s");
var heartbeatOption = DurationOption("--heartbeat", "How often each held connection sends a heartbeat (hold); 0s for none.", "1s");
var pingOption = new Option<bool>("--ping") { Description = "Heartbeats are protocol pings timed to their pongs (k6's ws_ping) instead of 16-byte echoes (hold)." };
var reportDirOption = new Option<string>("--report-dir") { Description = "Where report.json, .md, .csv and .html go.", DefaultValueFactory = _ => "reports" };
var thresholdOption = new Option<string[]>("--threshold")
{
    Description = "A pass/fail condition, repeatable: 'p99 < 5ms', 'fail.percent < 0.1', 'echo: status.1006.percent == 0'. A breach exits 99.",
    AllowMultipleArgumentsPerToken = false,
    DefaultValueFactory = _ => [],
};
thresholdOption.Validators.Add(result =>
{
    foreach (var text in result.GetValueOrDefault<string[]>())
    {
        try
        {
            Threshold.Parse(text);
        }
        catch (FormatException exception)
        {
            result.AddError($"--threshold: {exception.Message}");
        }
    }
});

var list = new Command("list", "Lists the scenarios.");
list.SetAction(_ =>
{
    foreach (var scenario in ScenarioCatalog.All)
    {
        Console.WriteLine($"{scenario.Name,-14} {scenario.Description}");
    }
});

var run = new Command("run", "Runs a scenario against a target, writes the reports and checks the thresholds (exit 0 pass, 99 breached, 1 error).")
{
    scenarioOption, targetOption, caOption, connectionsOption, rateOption, sizeOption, roomSizeOption, heartbeatOption, pingOption, durationOption, warmUpOption, reportDirOption, thresholdOption,
};
run.SetAction(async (parse, cancellationToken) =>
{
    var target = new Uri(parse.GetValue(targetOption)!);
    var labScenario = ScenarioCatalog.Find(parse.GetValue(scenarioOption)!)!;
    if (!labScenario.Schemes.Contains(target.Scheme))
    {
        await Console.Error.WriteLineAsync($"--target is '{target}'; {labScenario.Name} needs a {string.Join(" or ", labScenario.Schemes.Select(scheme => scheme + "://"))} URL.");
        return ExitCodes.Error;
    }

    var validation = parse.GetValue(caOption) is { } ca ? CaTrust.FromPem(ca.FullName) : null;
    var settings = new RunSettings(target, parse.GetValue(connectionsOption), parse.GetValue(rateOption), parse.GetValue(sizeOption),
        ParseDuration(parse.GetValue(durationOption)!), ParseDuration(parse.GetValue(warmUpOption)!), parse.GetValue(roomSizeOption),
        ParseDuration(parse.GetValue(heartbeatOption)!), validation) { Ping = parse.GetValue(pingOption) };
    if (await TargetProbe.WhyUnreachableAsync(labScenario.ProbeUri(target), validation, cancellationToken) is { } why)
    {
        await Console.Error.WriteLineAsync($"Target {target} is unreachable: {why}");
        return ExitCodes.Error;
    }

    var thresholds = parse.GetValue(thresholdOption)!.Select(Threshold.Parse).ToArray();
    var scenario = labScenario.Build(settings).WithThresholds(thresholds);
    Console.WriteLine($"Running {scenario.Name} against {target}: {settings.Connections} connection(s) for {settings.Duration} (Ctrl+C stops and still reports).");
    var startedAt = DateTimeOffset.UtcNow;
    using var telemetry = new RunnerTelemetry();
    var results = await LiveView.ShowAsync(onSecond => LoadRunner.RunAsync([scenario], onSecond: (name, sample) =>
    {
        telemetry.Record(name, sample);
        onSecond(name, sample);
    }, cancellationToken: cancellationToken));
    var runResult = new RunResult(startedAt, target.ToString(), results);
    // Written even after Ctrl+C: the run's figures up to the stop are the point of stopping cleanly.
    var paths = await ReportWriter.WriteAsync(runResult, parse.GetValue(reportDirOption)!, CancellationToken.None);
    Console.WriteLine(MarkdownReport.Render(runResult));
    Console.WriteLine($"Reports: {string.Join(", ", paths)}");
    return ExitCodes.For(results);
});

var configOption = new Option<string?>("--config") { Description = "A JSON file of these settings (scenario, target, connections, rate, size, roomSize, heartbeat, ping, duration, warmup, reportDir, thresholds, ca); options given here win." };
run.Options.Add(configOption);
var root = new RootCommand("WsProxyLab: load tests with NBomber's scenario model and k6's thresholds, comparisons of proxies, and troubleshooting (doctor, lint).") { list, run, CompareCommand.Create(), WsProxyLab.LoadTests.Soak.SoakCommand.Create(), DoctorCommand.Create(), LintCommand.Create() };
var (expanded, configError) = ConfigFileArguments.Expand(args);
if (configError is not null)
{
    await Console.Error.WriteLineAsync(configError);
    return ExitCodes.Error;
}

// Ctrl+C or SIGTERM cancels the action, which then stops what it started and writes its reports: compare stops a dozen
// processes first, so it gets longer than System.CommandLine's default 2 s before the process is ended regardless.
return await root.Parse(expanded).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });

static TimeSpan ParseDuration(string text) => DurationParser.TryParse(text, out var duration) ? duration : throw new InvalidOperationException($"Unvalidated duration '{text}'.");

static Option<int> RangeOption(string name, string description, int defaultValue, int min, int max)
{
    var option = new Option<int>(name) { Description = $"{description} Default {defaultValue}.", DefaultValueFactory = _ => defaultValue };
    option.Validators.Add(result =>
    {
        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{name} is {value}; choose from {min} to {max}.");
        }
    });
    return option;
}

static Option<string> DurationOption(string name, string description, string defaultValue)
{
    var option = new Option<string>(name) { Description = $"{description} Default {defaultValue}.", DefaultValueFactory = _ => defaultValue };
    option.Validators.Add(result =>
    {
        var text = result.GetValueOrDefault<string>();
        if (!DurationParser.TryParse(text, out _))
        {
            result.AddError($"{name} is '{text}'; write a number and a unit: 500ms, 60s, 2m or 1h.");
        }
    });
    return option;
}
