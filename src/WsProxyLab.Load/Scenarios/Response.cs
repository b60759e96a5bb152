namespace WsProxyLab.Load.Scenarios;

/// <summary>The outcome of a step or a scenario invocation, as NBomber's <c>Response.Ok</c> and <c>Response.Fail</c> make it.</summary>
/// <param name="IsError">Whether it failed.</param>
/// <param name="StatusCode">A status to count by (an HTTP status, a WebSocket close code), or null.</param>
/// <param name="Message">Why it failed, or null.</param>
/// <param name="SizeBytes">Bytes it moved, for the throughput figures.</param>
public sealed record Response(bool IsError, string? StatusCode, string? Message, long SizeBytes)
{
    /// <summary>A success.</summary>
    public static Response Ok(long sizeBytes = 0, string? statusCode = null) => new(false, statusCode, null, sizeBytes);

    /// <summary>A failure.</summary>
    public static Response Fail(string? statusCode = null, string? message = null, long sizeBytes = 0) => new(true, statusCode, message, sizeBytes);
}
