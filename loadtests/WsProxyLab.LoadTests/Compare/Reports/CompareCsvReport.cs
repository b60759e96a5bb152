using System.Globalization;
using System.Text;

namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>One row per figure per target per measurement, for spreadsheets; empty cells where a ratio is undefined.</summary>
internal static class CompareCsvReport
{
    public static string Render(CompareResult run)
    {
        var csv = new StringBuilder("suite,concern,measurement,variant,target,status,figure,unit,median,min,max,repeats,vs_direct,vs_nginx,added_over_direct,baseline_change_percent\n");
        foreach (var measurement in run.Suite.Measurements)
        {
            var rows = CompareRow.Of(run, measurement);
            foreach (var target in run.Targets)
            {
                var cell = run.Cell(measurement.Name, target);
                var prefix = $"{run.Suite.Name},{measurement.Concern},{measurement.Name},{measurement.Variant.Name},{target},{cell.Status}";
                var cellRows = rows.Where(row => row.Target == target).ToList();
                if (cellRows.Count == 0)
                {
                    csv.Append(prefix).Append(",,,,,,0,,,,\n");
                    continue;
                }

                foreach (var row in cellRows)
                {
                    csv.Append(prefix).Append(',').Append(row.Figure.Name).Append(',').Append(row.Figure.Unit).Append(',')
                        .Append(Value(row.Figure.Median)).Append(',').Append(Value(row.Figure.Min)).Append(',').Append(Value(row.Figure.Max)).Append(',')
                        .Append(row.Figure.Repeats.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Value(row.VsDirect)).Append(',').Append(Value(row.VsNginx)).Append(',')
                        .Append(Value(row.AddedOverDirect)).Append(',').Append(Value(row.BaselineChangePercent)).Append('\n');
                }
            }
        }

        return csv.ToString();
    }

    private static string Value(double? value) => value switch
    {
        null => string.Empty,
        { } number when double.IsPositiveInfinity(number) => "inf",
        { } number => number.ToString("0.######", CultureInfo.InvariantCulture),
    };
}
