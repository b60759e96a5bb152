namespace WsProxyLab.LoadTests.Compare;

/// <summary>Whether a cell holds figures.</summary>
internal enum CellStatus
{
    /// <summary>Measured in every repeat that ran.</summary>
    Measured,

    /// <summary>The target (or its profile variant) could not start here; the reason says why.</summary>
    Unavailable,

    /// <summary>The measurement means nothing for the target (sticky balancing of the direct baseline).</summary>
    NotApplicable,

    /// <summary>The measurement threw before it produced figures; the reason says why.</summary>
    Failed,
}
