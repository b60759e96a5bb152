using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Diagnostics;

/// <summary>Source-generated log messages of the proxy; the words follow a WebSocket-proxy troubleshooting list.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Refused {Path} with {StatusCode}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, int statusCode, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Route {RouteId}: destination {DestinationId} ({Address}) unreachable: {Reason}")]
    public static partial void DestinationUnreachable(ILogger logger, string routeId, string destinationId, string address, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Route {RouteId}: upstream {DestinationId} answered {StatusCode} instead of 101")]
    public static partial void UpstreamRefusedUpgrade(ILogger logger, string routeId, string destinationId, int statusCode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Route {RouteId}: upstream {DestinationId} handshake failed: {Reason}")]
    public static partial void UpstreamHandshakeFailed(ILogger logger, string routeId, string destinationId, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Route {RouteId}: tunnel to {DestinationId} ended ({Reason}) after {Seconds:0.0} s, {ClientBytes} bytes up, {UpstreamBytes} bytes down; close sent by the proxy: {ClientClose} to the client, {UpstreamClose} to the upstream; error: {Error}")]
    public static partial void TunnelEnded(
        ILogger logger, string routeId, string destinationId, TunnelEndReason reason, double seconds, long clientBytes, long upstreamBytes, int? clientClose, int? upstreamClose, string? error);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Draining {Count} tunnel(s): 1001 spread over {Window}, at most {Timeout}")]
    public static partial void Draining(ILogger logger, int count, TimeSpan window, TimeSpan timeout);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Drain finished after {Seconds:0.0} s; {Remaining} tunnel(s) left")]
    public static partial void Drained(ILogger logger, int remaining, double seconds);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Route {RouteId}: destination {DestinationId} is now {State} by active health probe")]
    public static partial void ActiveHealthChanged(ILogger logger, string routeId, string destinationId, string state);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Configuration reloaded: {Routes} route(s), {Destinations} destination(s)")]
    public static partial void Reloaded(ILogger logger, int routes, int destinations);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Configuration change rejected, the running configuration keeps serving: {Errors}")]
    public static partial void ReloadRejected(ILogger logger, string errors);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Handshake timeout: client {Client} did not send a complete request head within {Timeout:0.###} s (connection ended after {Seconds:0.0} s)")]
    public static partial void HandshakeTimedOut(ILogger logger, string client, double timeout, double seconds);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Memory trim after {Tunnels} new tunnel(s): GC heap {BeforeMegabytes:0.0} -> {AfterMegabytes:0.0} MB, working set {WorkingSetBeforeMegabytes:0.0} -> {WorkingSetAfterMegabytes:0.0} MB, {PauseMilliseconds:0.0} ms")]
    public static partial void MemoryTrimmed(ILogger logger, long tunnels, double beforeMegabytes, double afterMegabytes, double workingSetBeforeMegabytes, double workingSetAfterMegabytes, double pauseMilliseconds);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Client {Client} sent a non-TLS first byte 0x{FirstByte:x2} to TLS port {Port}; answered with {Answer}")]
    public static partial void NotTlsOnTlsPort(ILogger logger, string client, int port, byte firstByte, string answer);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Handshake timeout: client {Client} sent nothing to port {Port} within {Timeout:0.###} s; answered with {Answer}")]
    public static partial void SilentClientEnded(ILogger logger, string client, double timeout, int port, string answer);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "Memory trim check failed; tunnels are unaffected")]
    public static partial void MemoryTrimFailed(ILogger logger, Exception exception);
}
