namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>How a check came out: ✔, ⚠ or ✘; a failure makes doctor exit non-zero.</summary>
public enum CheckStatus
{
    /// <summary>✔: as it should be.</summary>
    Pass,

    /// <summary>⚠: works, with a caveat worth knowing (no affinity, no HTTP/2, silent connections cut).</summary>
    Warn,

    /// <summary>✘: broken for WebSocket clients.</summary>
    Fail,
}
