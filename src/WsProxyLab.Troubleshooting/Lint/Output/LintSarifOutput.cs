using System.Text.Json;
using System.Text.Json.Nodes;

namespace WsProxyLab.Troubleshooting.Lint.Output;

/// <summary>
/// The report as SARIF 2.1.0, which code scanning (GitHub's among them) shows on the lines: one run, the kind's rules
/// with their default level, one result per finding with the fix in its message. Written by hand: the SARIF SDK does
/// not restore here, and the subset needed is small.
/// </summary>
public static class LintSarifOutput
{
    /// <summary>The tool name in the run.</summary>
    public const string ToolName = "wsproxylab lint";

    /// <summary>Renders the report; <paramref name="baseDirectory"/> makes URIs relative to it where the files are under it.</summary>
    public static string Render(LintReport report, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rules = report.Rules.ToList();
        var run = new JsonObject
        {
            ["tool"] = new JsonObject
            {
                ["driver"] = new JsonObject
                {
                    ["name"] = ToolName,
                    ["rules"] = new JsonArray([.. rules.Select(rule => (JsonNode)new JsonObject
                    {
                        ["id"] = rule.Id,
                        ["shortDescription"] = new JsonObject { ["text"] = rule.Title },
                        ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule.Severity) },
                    })]),
                },
            },
            ["results"] = new JsonArray([.. report.Findings.Select(finding => (JsonNode)new JsonObject
            {
                ["ruleId"] = finding.Rule.Id,
                ["ruleIndex"] = rules.IndexOf(finding.Rule),
                ["level"] = Level(finding.Severity),
                ["message"] = new JsonObject { ["text"] = $"{finding.Message}. Fix: {finding.Fix}" },
                ["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = new JsonObject { ["uri"] = Uri(finding.Location.File, baseDirectory) },
                        ["region"] = new JsonObject { ["startLine"] = Math.Max(1, finding.Location.Line) },
                    },
                }),
            })]),
        };
        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(run),
        };
        return sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static string Uri(string file, string baseDirectory)
    {
        var display = LintPaths.Display(file, baseDirectory);
        return Path.IsPathRooted(display) ? new Uri(display).AbsoluteUri : display.Replace('\\', '/');
    }
}
