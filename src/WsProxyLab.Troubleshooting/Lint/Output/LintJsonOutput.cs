using System.Text.Json;
using System.Text.Json.Nodes;

namespace WsProxyLab.Troubleshooting.Lint.Output;

/// <summary>The report as JSON: the file, its kind, the files read and each finding with rule, severity, place, message and fix.</summary>
public static class LintJsonOutput
{
    /// <summary>Renders the report; <paramref name="baseDirectory"/> shortens paths under it.</summary>
    public static string Render(LintReport report, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
        {
            ["file"] = LintPaths.Display(report.File, baseDirectory),
            ["kind"] = report.Kind == ConfigKind.Nginx ? "nginx" : "haproxy",
            ["filesRead"] = new JsonArray([.. report.FilesRead.Select(file => (JsonNode)LintPaths.Display(file, baseDirectory))]),
            ["errors"] = report.Findings.Count(finding => finding.Severity == Severity.Error),
            ["findings"] = new JsonArray([.. report.Findings.Select(finding => (JsonNode)new JsonObject
            {
                ["rule"] = finding.Rule.Id,
                ["severity"] = finding.Severity.ToString().ToLowerInvariant(),
                ["file"] = LintPaths.Display(finding.Location.File, baseDirectory),
                ["line"] = finding.Location.Line,
                ["message"] = finding.Message,
                ["fix"] = finding.Fix,
            })]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
