namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>How much a finding matters; an error fails the lint.</summary>
public enum Severity
{
    /// <summary>Worth knowing; nothing is broken.</summary>
    Info,

    /// <summary>Works until a condition is met (an idle minute, a streamed response).</summary>
    Warning,

    /// <summary>Breaks WebSockets, or the configuration does not parse.</summary>
    Error,
}
