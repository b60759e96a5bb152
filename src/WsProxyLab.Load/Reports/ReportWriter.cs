using WsProxyLab.Load.Running;

namespace WsProxyLab.Load.Reports;

/// <summary>Writes every report of a run into a folder: <c>report.json</c>, <c>report.md</c>, <c>report.csv</c>, <c>report.html</c>.</summary>
public static class ReportWriter
{
    /// <summary>Writes the four files; returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(RunResult run, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        (string File, string Content)[] reports =
        [
            ("report.json", JsonReport.Render(run)),
            ("report.md", MarkdownReport.Render(run)),
            ("report.csv", CsvReport.Render(run)),
            ("report.html", HtmlReport.Render(run)),
        ];
        var paths = new List<string>();
        foreach (var (file, content) in reports)
        {
            var path = Path.Combine(folder, file);
            await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
            paths.Add(path);
        }

        return paths;
    }
}
