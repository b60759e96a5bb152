using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using WsProxyLab.Load.Thresholds;
using WsProxyLab.LoadTests.Compare.Reports;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// <c>compare --targets … --suite seed|perf|ci</c>: starts the replicas and every target from one profile, runs the
/// suite against all of them, writes one comparative report and checks a threshold file (exit 0 pass, 99 breached or
/// invalid, 1 error or stopped).
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var targetsOption = new Option<string>("--targets")
        {
            Description = $"Comma-separated targets: {string.Join(", ", CompareTargets.Names)}. Default all.",
            DefaultValueFactory = _ => string.Join(",", CompareTargets.Names),
        };
        targetsOption.Validators.Add(result =>
        {
            var (targets, unknown) = CompareTargets.Parse(result.GetValueOrDefault<string>());
            if (unknown is not null || targets.Count == 0)
            {
                result.AddError($"--targets names '{unknown ?? result.GetValueOrDefault<string>()}'; choose from {string.Join(", ", CompareTargets.Names)}.");
            }
        });
        var suiteOption = new Option<string>("--suite") { Description = $"The suite: {string.Join(", ", CompareSuite.Names)}.", Required = true };
        suiteOption.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>();
            if (!CompareSuite.Names.Contains(name))
            {
                result.AddError($"--suite is '{name}'; choose from {string.Join(", ", CompareSuite.Names)}.");
            }
        });
        var repeatsOption = new Option<int?>("--repeats") { Description = "Repeats of the whole suite; figures are their medians. Default 3 for perf, 1 otherwise." };
        repeatsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } repeats && repeats is < 1 or > 20)
            {
                result.AddError($"--repeats is {repeats}; choose from 1 to 20.");
            }
        });
        var reportDirOption = new Option<string>("--report-dir") { Description = "Where compare.json, .md, .csv and .html go.", DefaultValueFactory = _ => Path.Combine("reports", "compare") };
        var baselineOption = new Option<FileInfo?>("--baseline") { Description = "An earlier run's compare.json: each figure's change against it is reported." };
        baselineOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { Exists: false } file)
            {
                result.AddError($"--baseline is '{file.FullName}', which does not exist.");
            }
        });
        var thresholdsOption = new Option<FileInfo?>("--thresholds") { Description = "A threshold file (TARGETS MEASUREMENT: CONDITION per line); a breach exits 99." };
        thresholdsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { Exists: false } file)
            {
                result.AddError($"--thresholds is '{file.FullName}', which does not exist.");
            }
        });
        var heldOption = new Option<int?>("--held") { Description = "Overrides the suite's held connections (and scales its clients down with it)." };
        heldOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } held && held is < 1 or > 9_000)
            {
                result.AddError($"--held is {held}; choose from 1 to 9000 (each tunnel takes two of a target's 20,000 open files).");
            }
        });
        var durationOption = new Option<string?>("--duration") { Description = "Overrides how long each measurement runs: 500ms, 10s, 1m." };
        durationOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && (!DurationParser.TryParse(text, out var duration) || duration <= TimeSpan.Zero))
            {
                result.AddError($"--duration is '{text}'; write a positive number and a unit: 500ms, 10s or 1m.");
            }
        });
        var onlyOption = new Option<string?>("--only") { Description = "Runs only these measurements of the suite (comma-separated), as NBomber's --target-scenarios." };
        var containersOption = new Option<bool>("--containers") { Description = "Run nginx and HAProxy in Docker containers instead of as host processes." };
        var longOption = new Option<bool>("--long") { Description = "Add the measurements that take a minute or more (nginx's default 60 s read timeout)." };

        var command = new Command("compare", "Runs a suite against every target, started here from one profile, and writes one comparative report.")
        {
            targetsOption, suiteOption, repeatsOption, reportDirOption, baselineOption, thresholdsOption, heldOption, durationOption, onlyOption, containersOption, longOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var suite = CompareSuite.Find(parse.GetValue(suiteOption)!, parse.GetValue(longOption))!;
            var duration = DurationParser.TryParse(parse.GetValue(durationOption) ?? string.Empty, out var given) ? given : (TimeSpan?)null;
            suite = suite with { Scale = suite.Scale.Override(parse.GetValue(heldOption), duration) };
            if (parse.GetValue(onlyOption) is { } only)
            {
                var names = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (names.FirstOrDefault(name => suite.Measurements.All(measurement => measurement.Name != name)) is { } unknown)
                {
                    await Console.Error.WriteLineAsync($"--only names '{unknown}', which suite '{suite.Name}' does not run; it runs {string.Join(", ", suite.Measurements.Select(measurement => measurement.Name))}.").ConfigureAwait(false);
                    return ExitCodes.Error;
                }

                suite = suite with { Measurements = [.. suite.Measurements.Where(measurement => names.Contains(measurement.Name))] };
            }

            var (targets, _) = CompareTargets.Parse(parse.GetValue(targetsOption)!);
            IReadOnlyList<CompareThreshold> thresholds = [];
            BaselineComparison? baseline = null;
            try
            {
                thresholds = parse.GetValue(thresholdsOption) is { } file ? ThresholdFile.Parse(file.FullName, suite) : [];
                baseline = parse.GetValue(baselineOption) is { } earlier ? BaselineComparison.Load(earlier.FullName) : null;
            }
            catch (FormatException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return ExitCodes.Error;
            }

            var repeats = parse.GetValue(repeatsOption) ?? suite.DefaultRepeats;
            var workDirectory = Directory.CreateTempSubdirectory("wsproxylab-compare-").FullName;
            Console.WriteLine($"compare --suite {suite.Name}: {suite.Measurements.Count} measurement(s) x {targets.Count} target(s) x {repeats} repeat(s) (Ctrl+C stops and still reports).");
            CompareResult result;
            try
            {
                result = await new CompareRunner(suite, targets, repeats, parse.GetValue(containersOption), NullLoggerFactory.Instance, Console.Out).RunAsync(workDirectory, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Directory.Delete(workDirectory, recursive: true);
            }

            result.Thresholds = ThresholdCheck.Evaluate(result, thresholds);
            result.Baseline = baseline;
            var paths = await CompareReportWriter.WriteAsync(result, parse.GetValue(reportDirOption)!, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(CompareMarkdownReport.Render(result));
            Console.WriteLine($"Reports: {string.Join(", ", paths)}");
            return ExitCode(result);
        });
        return command;
    }

    private static int ExitCode(CompareResult result)
    {
        if (result.Partial is not null || result.Targets.All(result.Unavailable.ContainsKey))
        {
            return ExitCodes.Error;
        }

        return result.InvalidReasons.Count > 0 || result.Thresholds.Any(threshold => !threshold.Passed) ? ExitCodes.ThresholdBreached : ExitCodes.Passed;
    }
}
