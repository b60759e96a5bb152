using System.Globalization;

namespace WsProxyLab.Load.Reports;

/// <summary>How the text reports write figures: invariant culture, latencies in milliseconds with three decimals.</summary>
internal static class ReportFormat
{
    public static string Ms(double microseconds) => (microseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Codes(IReadOnlyDictionary<string, long> codes) =>
        string.Join(" ", codes.OrderBy(code => code.Key, StringComparer.Ordinal).Select(code => $"{code.Key}:{code.Value}"));
}
