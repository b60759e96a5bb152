using WsProxyLab.Load.Reports;

namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>Writes <c>compare.json</c>, <c>compare.md</c>, <c>compare.csv</c> and <c>compare.html</c> into a folder.</summary>
internal static class CompareReportWriter
{
    public static Task<IReadOnlyList<string>> WriteAsync(CompareResult run, string folder, CancellationToken cancellationToken) =>
        ReportWriter.WriteFilesAsync(folder,
        [
            ("compare.json", CompareJsonReport.Render(run)),
            ("compare.md", CompareMarkdownReport.Render(run)),
            ("compare.csv", CompareCsvReport.Render(run)),
            ("compare.html", CompareHtmlReport.Render(run)),
        ], cancellationToken);
}
