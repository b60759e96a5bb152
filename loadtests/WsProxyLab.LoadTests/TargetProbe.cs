using System.Net.WebSockets;

namespace WsProxyLab.LoadTests;

/// <summary>One handshake before the load: an unreachable target ends the run with exit code 1 and a clear line, not with a report of failures.</summary>
internal static class TargetProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when a WebSocket opens; otherwise why not.</summary>
    public static async Task<string?> WhyUnreachableAsync(Uri target, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        using var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            socket.Abort();
            return null;
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            return exception is OperationCanceledException ? $"no handshake within {Timeout.TotalSeconds:0} s" : exception.Message;
        }
    }
}
