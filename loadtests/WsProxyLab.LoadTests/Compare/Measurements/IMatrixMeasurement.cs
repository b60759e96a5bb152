namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>A measurement that is also one row of a matrix (faults, bad input): one short answer per target.</summary>
internal interface IMatrixMeasurement : IMeasurement
{
    /// <summary>The matrix's title in reports.</summary>
    string Matrix { get; }

    /// <summary>The row's label: the case, in a few words.</summary>
    string Case { get; }

    /// <summary>The cell: what the target did in the case, in one line, from its first repeat (null when the cell has no run).</summary>
    string? Answer(CellResult cell);
}
