namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>What held connections do while the profile's read timeout runs.</summary>
internal enum TimeoutMode
{
    /// <summary>Nothing: the target should end them at its read timeout.</summary>
    Silent,

    /// <summary>An application message echoed every second.</summary>
    Heartbeat,

    /// <summary>A protocol ping every second, answered by the replica's pong.</summary>
    Ping,
}
