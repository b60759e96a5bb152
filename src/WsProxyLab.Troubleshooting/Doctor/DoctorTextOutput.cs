using System.Text;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>The checklist as a person reads it: a heading per group, ✔ ⚠ ✘ per check, cause and fix under each problem.</summary>
public static class DoctorTextOutput
{
    /// <summary>Renders the report as a checklist.</summary>
    public static string Render(DoctorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder().Append("wsproxylab doctor ").AppendLine(report.Target.ToString());
        var width = report.Checks.Count == 0 ? 0 : report.Checks.Max(check => check.Name.Length);
        foreach (var group in report.Checks.GroupBy(check => check.Group))
        {
            text.AppendLine().AppendLine(group.Key);
            foreach (var check in group)
            {
                text.Append("  ").Append(Mark(check.Status)).Append(' ').Append(check.Name.PadRight(width)).Append("  ").AppendLine(check.Seen);
                if (check.Cause is not null)
                {
                    text.Append(' ', width + 6).Append("cause: ").AppendLine(check.Cause);
                }

                if (check.Fix is not null)
                {
                    text.Append(' ', width + 6).Append("fix:   ").AppendLine(check.Fix);
                }
            }
        }

        text.AppendLine()
            .Append(report.Checks.Count(check => check.Status == CheckStatus.Pass)).Append(" passed, ")
            .Append(report.Checks.Count(check => check.Status == CheckStatus.Warn)).Append(" warned, ")
            .Append(report.Checks.Count(check => check.Status == CheckStatus.Fail)).Append(" failed in ")
            .Append(report.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s");
        return text.ToString();
    }

    /// <summary>✔, ⚠ or ✘.</summary>
    public static string Mark(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "✔",
        CheckStatus.Warn => "⚠",
        _ => "✘",
    };
}
