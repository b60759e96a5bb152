using System.CommandLine;
using WsProxyLab.Troubleshooting.Lint;
using WsProxyLab.Troubleshooting.Lint.Output;

namespace WsProxyLab.LoadTests.Troubleshooting;

/// <summary>
/// <c>lint FILE [--format text|json|sarif] [--connections N]</c>: parses an nginx or HAProxy configuration and lists
/// the WebSocket pitfalls in it with file, line, severity and fix. Exit 0 without errors, 2 with one, 1 when the file
/// cannot be read or is neither configuration.
/// </summary>
internal static class LintCommand
{
    private static readonly string[] Formats = ["text", "json", "sarif"];

    public static Command Create()
    {
        var fileArgument = new Argument<string>("FILE") { Description = "An nginx.conf or haproxy.cfg (nginx includes are followed)." };
        var formatOption = new Option<string>("--format") { Description = "text, json or sarif (for code scanning).", DefaultValueFactory = _ => "text" };
        formatOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is var format && !Formats.Contains(format))
            {
                result.AddError($"--format is '{format}'; choose from {string.Join(", ", Formats)}.");
            }
        });
        var connectionsOption = new Option<int?>("--connections") { Description = "The WebSockets the proxy must hold at once: checks worker_connections, worker_rlimit_nofile and maxconn." };
        connectionsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } connections and < 1)
            {
                result.AddError($"--connections is {connections}; give at least 1.");
            }
        });

        var command = new Command("lint", "Finds the WebSocket pitfalls in an nginx or HAProxy configuration (exit 0 clean, 2 errors found, 1 not a configuration).")
        {
            fileArgument, formatOption, connectionsOption,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(fileArgument)!;
            LintReport report;
            try
            {
                report = ConfigLinter.LintFile(file, new LintOptions { Connections = parse.GetValue(connectionsOption) });
            }
            catch (NotAConfigException exception)
            {
                Console.Error.WriteLine(exception.Message);
                return TroubleshootingExitCodes.BadInput;
            }

            var baseDirectory = Environment.CurrentDirectory;
            Console.Write(parse.GetValue(formatOption) switch
            {
                "json" => LintJsonOutput.Render(report, baseDirectory) + Environment.NewLine,
                "sarif" => LintSarifOutput.Render(report, baseDirectory) + Environment.NewLine,
                _ => LintTextOutput.Render(report, baseDirectory),
            });
            return report.HasErrors ? TroubleshootingExitCodes.ProblemsFound : TroubleshootingExitCodes.Clean;
        });
        return command;
    }
}
