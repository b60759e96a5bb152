using System.Net.WebSockets;

namespace WsProxyLab.LoadTests.Compare.Faults;

/// <summary>
/// Brings a target back to balancing over every replica after one was down, with short connections through it. nginx
/// takes a failed server back only once a request to it has completed (a tunnel counts when it closes), so with
/// nothing but long-lived WebSockets a recovered replica would get one connection per worker per fail_timeout: the next
/// measurement would start with the replicas unevenly loaded, depending on which fault came before.
/// </summary>
internal static class ReplicaSpread
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    /// <summary>Connects and closes through the target until each replica has served a handshake, or the limit passes.</summary>
    public static async Task SettleAsync(MeasurementInput input, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            while (!input.Backends.ReplicaIds.All(seen.Contains))
            {
                using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true, RemoteCertificateValidationCallback = input.CertificateValidation } };
                try
                {
                    await socket.ConnectAsync(input.WebSocket("/ws/echo"), limit.Token).ConfigureAwait(false);
                    if (socket.HttpResponseHeaders?.TryGetValue("X-Backend-Instance", out var values) == true && values.FirstOrDefault() is { } replica)
                    {
                        seen.Add(replica);
                    }

                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "settle", limit.Token).ConfigureAwait(false);
                }
                catch (WebSocketException)
                {
                    await Task.Delay(Pause, limit.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Measured as it is: the next cell's replica counts show a spread that did not come back.
        }
    }
}
