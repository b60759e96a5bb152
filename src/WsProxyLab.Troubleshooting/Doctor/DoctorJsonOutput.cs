using System.Text.Json;
using System.Text.Json.Nodes;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>The checklist as JSON, for scripts and deployment gates.</summary>
public static class DoctorJsonOutput
{
    /// <summary>Renders the report as indented JSON.</summary>
    public static string Render(DoctorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
        {
            ["target"] = report.Target.ToString(),
            ["startedAt"] = report.StartedAt,
            ["seconds"] = Math.Round(report.Elapsed.TotalSeconds, 1),
            ["failed"] = report.Failed,
            ["checks"] = new JsonArray([.. report.Checks.Select(check => (JsonNode)new JsonObject
            {
                ["group"] = check.Group,
                ["name"] = check.Name,
                ["status"] = check.Status.ToString().ToLowerInvariant(),
                ["seen"] = check.Seen,
                ["cause"] = check.Cause,
                ["fix"] = check.Fix,
            })]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
