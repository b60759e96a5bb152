namespace WsProxyLab.Backends.Diagnostics;

/// <summary>Source-generated log messages of the backends; event ids are stable.</summary>
internal static partial class BackendLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused WebSocket handshake on {Path} with {StatusCode}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, string path, int statusCode, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Refused request to {Path} with 400: {Reason}")]
    public static partial void BadRequest(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "WebSocket session on {Path} ended abnormally: {Reason}")]
    public static partial void SessionEndedAbnormally(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Closing {Count} WebSocket session(s) with 1001 for shutdown")]
    public static partial void ClosingSessionsForShutdown(ILogger logger, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Aborting {Count} WebSocket session(s) that did not answer the close within {Timeout}")]
    public static partial void AbortingUnansweredSessions(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Closing WebSocket session on {Path} with {CloseCode}: {Reason}")]
    public static partial void ClosingSession(ILogger logger, string path, int closeCode, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Backend instance {InstanceId} ready")]
    public static partial void InstanceReady(ILogger logger, string instanceId);
}
