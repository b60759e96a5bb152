using WsProxyLab.LoadTests.Compare.Measurements;

namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>One row of a matrix: a case and each target's answer to it.</summary>
internal sealed record CompareMatrixRow(string Case, string Measurement, IReadOnlyList<string> Answers);

/// <summary>
/// A matrix of the run (the fault matrix, the bad-input matrix): one row per case, one column per target, each cell the
/// target's answer in one line (or why it has none), as every report format shows it.
/// </summary>
internal sealed record CompareMatrix(string Title, IReadOnlyList<string> Targets, IReadOnlyList<CompareMatrixRow> Rows)
{
    /// <summary>The run's matrices, in the order their first measurement appears in the suite.</summary>
    public static IReadOnlyList<CompareMatrix> Of(CompareResult run) =>
    [
        .. run.Suite.Measurements.OfType<IMatrixMeasurement>().GroupBy(measurement => measurement.Matrix, StringComparer.Ordinal).Select(matrix => new CompareMatrix(
            matrix.Key,
            run.Targets,
            [.. matrix.Select(measurement => new CompareMatrixRow(measurement.Case, measurement.Name, [.. run.Targets.Select(target => Answer(run.Cell(measurement.Name, target), measurement))]))])),
    ];

    private static string Answer(CellResult cell, IMatrixMeasurement measurement) =>
        cell.Status == CellStatus.Measured && measurement.Answer(cell) is { } answer ? answer : CompareFormat.Status(cell);
}
