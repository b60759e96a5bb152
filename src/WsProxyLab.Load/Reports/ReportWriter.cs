using WsProxyLab.Load.Running;

namespace WsProxyLab.Load.Reports;

/// <summary>Writes every report of a run into a folder: <c>report.json</c>, <c>report.md</c>, <c>report.csv</c>, <c>report.html</c>.</summary>
public static class ReportWriter
{
    /// <summary>Writes the four files; returns their paths.</summary>
    public static Task<IReadOnlyList<string>> WriteAsync(RunResult run, string folder, CancellationToken cancellationToken) =>
        WriteFilesAsync(folder,
        [
            ("report.json", JsonReport.Render(run)),
            ("report.md", MarkdownReport.Render(run)),
            ("report.csv", CsvReport.Render(run)),
            ("report.html", HtmlReport.Render(run)),
        ], cancellationToken);

    /// <summary>Writes rendered reports into <paramref name="folder"/> (made if need be); returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteFilesAsync(string folder, IReadOnlyList<(string File, string Content)> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        Directory.CreateDirectory(folder);
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
