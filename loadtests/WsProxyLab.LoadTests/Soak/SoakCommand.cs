using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using WsProxyLab.Load.Thresholds;
using WsProxyLab.LoadTests.Compare;

namespace WsProxyLab.LoadTests.Soak;

/// <summary>
/// <c>soak [--minutes 30] [--held 5000] [--rate 1000] [--churn 10] [--targets wsproxy,nginx]</c>: a long run that
/// looks for leaks rather than speed. Exit 0 when no target's memory or open files grow beyond the noise and the lab's proxy
/// leaves no tunnel behind, 99 when one does not, 1 on an error.
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var minutesOption = new Option<int>("--minutes") { Description = "How long the load runs.", DefaultValueFactory = _ => 30 };
        minutesOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var minutes and (< 1 or > 600))
            {
                result.AddError($"--minutes is {minutes}; choose from 1 to 600.");
            }
        });
        var heldOption = new Option<int>("--held") { Description = "Held connections per target.", DefaultValueFactory = _ => 5_000 };
        heldOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var held and (< 1 or > 9_000))
            {
                result.AddError($"--held is {held}; choose from 1 to 9000 (each tunnel takes two of a target's 20,000 open files).");
            }
        });
        var rateOption = new Option<int>("--rate") { Description = "Echo messages per second per target, sent on the held connections in turn.", DefaultValueFactory = _ => 1_000 };
        rateOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var rate and (< 1 or > 50_000))
            {
                result.AddError($"--rate is {rate}; choose from 1 to 50000.");
            }
        });
        var churnOption = new Option<int>("--churn") { Description = "Short connections opened and closed per second per target.", DefaultValueFactory = _ => 10 };
        churnOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var churn and (< 1 or > 1_000))
            {
                result.AddError($"--churn is {churn}; choose from 1 to 1000.");
            }
        });
        var targetsOption = new Option<string>("--targets") { Description = "Comma-separated targets, run at once.", DefaultValueFactory = _ => "wsproxy,nginx" };
        targetsOption.Validators.Add(result =>
        {
            var (targets, unknown) = CompareTargets.Parse(result.GetValueOrDefault<string>());
            if (unknown is not null || targets.Count == 0)
            {
                result.AddError($"--targets names '{unknown ?? result.GetValueOrDefault<string>()}'; choose from {string.Join(", ", CompareTargets.Names)}.");
            }
        });
        var reportDirOption = new Option<string>("--report-dir") { Description = "Where soak.md and soak.json go.", DefaultValueFactory = _ => Path.Combine("reports", "soak") };

        var command = new Command("soak", "Holds connections through targets for a long time with steady echo and churn, and reports memory, open files, tunnels and GC pauses per minute.")
        {
            minutesOption, heldOption, rateOption, churnOption, targetsOption, reportDirOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (targets, _) = CompareTargets.Parse(parse.GetValue(targetsOption)!);
            var held = parse.GetValue(heldOption);
            var workDirectory = Directory.CreateTempSubdirectory("wsproxylab-soak-").FullName;
            Console.WriteLine($"soak: {parse.GetValue(minutesOption)} min through {string.Join(", ", targets)}, {held:N0} held each (Ctrl+C stops and still reports).");
            SoakResult result;
            try
            {
                result = await new SoakRunner(targets, TimeSpan.FromMinutes(parse.GetValue(minutesOption)), held, parse.GetValue(rateOption), parse.GetValue(churnOption), NullLoggerFactory.Instance, Console.Out)
                    .RunAsync(workDirectory, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return ExitCodes.Error;
            }
            finally
            {
                Directory.Delete(workDirectory, recursive: true);
            }

            var paths = await SoakReport.WriteAsync(result, parse.GetValue(reportDirOption)!, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(SoakReport.Markdown(result));
            Console.WriteLine($"Reports: {string.Join(", ", paths)}");
            if (result.Partial is not null)
            {
                return ExitCodes.Error;
            }

            var leaked = result.Targets.Any(target => target.Rss.Grows || target.OpenFiles.Grows || target.TunnelsLeftAfter is > 0);
            return leaked ? ExitCodes.ThresholdBreached : ExitCodes.Passed;
        });
        return command;
    }
}
