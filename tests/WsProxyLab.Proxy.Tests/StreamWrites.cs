namespace WsProxyLab.Proxy.Tests;

/// <summary>What a <see cref="ScriptedStream"/> does with a write.</summary>
internal enum StreamWrites
{
    /// <summary>Records the bytes at once.</summary>
    Record,

    /// <summary>Throws an <see cref="IOException"/>, as a reset connection does.</summary>
    Throw,

    /// <summary>Waits until <see cref="ScriptedStream.ReleaseWrites"/> (a slow peer) or cancellation, then records.</summary>
    Stall,

    /// <summary>Waits like <see cref="Stall"/> but ignores cancellation: only disposing the stream ends the wait.</summary>
    StallIgnoringCancellation,
}
