using System.Globalization;

namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>How the compare reports write numbers: three significant digits, ∞ for an unbounded ratio.</summary>
internal static class CompareFormat
{
    public static string Number(double value) => double.IsPositiveInfinity(value) ? "∞" : double.IsNaN(value) ? "?" : value switch
    {
        0 => "0",
        _ when Math.Abs(value) >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) >= 1 => value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    public static string Ratio(double? ratio) => ratio is { } value ? $"{Number(value)}×" : "–";

    public static string Change(double? percent) => percent is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:+0;-0;0} %") : "–";

    /// <summary>The median with its unit, and the range when the repeats differ.</summary>
    public static string Figure(FigureSummary figure) =>
        figure.Repeats > 1 && figure.Min != figure.Max
            ? $"{Number(figure.Median)} {figure.Unit} ({Number(figure.Min)}–{Number(figure.Max)})"
            : $"{Number(figure.Median)} {figure.Unit}";

    /// <summary>Why a cell has no figure, in a word or two.</summary>
    public static string Status(CellResult cell) => cell.Status switch
    {
        CellStatus.NotApplicable => "n/a",
        CellStatus.Unavailable => "unavailable",
        CellStatus.Failed => "failed",
        _ => cell.Runs.Count == 0 ? "not run" : "–",
    };
}
