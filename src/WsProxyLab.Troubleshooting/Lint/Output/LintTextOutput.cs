using System.Text;

namespace WsProxyLab.Troubleshooting.Lint.Output;

/// <summary>Findings as compilers print them: <c>file:line: severity [rule] message</c>, the fix on the next line.</summary>
public static class LintTextOutput
{
    /// <summary>Renders the report; <paramref name="baseDirectory"/> shortens paths under it.</summary>
    public static string Render(LintReport report, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var finding in report.Findings)
        {
            text.Append(LintPaths.Display(finding.Location.File, baseDirectory)).Append(':').Append(finding.Location.Line).Append(": ")
                .Append(finding.Severity.ToString().ToLowerInvariant()).Append(" [").Append(finding.Rule.Id).Append("] ").AppendLine(finding.Message)
                .Append("    fix: ").AppendLine(finding.Fix);
        }

        var counts = Enum.GetValues<Severity>().Reverse().Select(severity => $"{report.Findings.Count(finding => finding.Severity == severity)} {severity.ToString().ToLowerInvariant()}(s)");
        text.Append(LintPaths.Display(report.File, baseDirectory)).Append(" (").Append(report.Kind == ConfigKind.Nginx ? "nginx" : "HAProxy")
            .Append(report.FilesRead.Count > 1 ? $", {report.FilesRead.Count} files" : string.Empty).Append("): ").AppendJoin(", ", counts).AppendLine();
        return text.ToString();
    }
}
