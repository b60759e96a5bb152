using System.Net.Security;
using System.Net.WebSockets;

namespace WsProxyLab.LoadTests;

/// <summary>One handshake (or GET) before the load: an unreachable target ends the run with exit code 1 and a clear line, not with a report of failures.</summary>
internal static class TargetProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when the target answers; otherwise why not.</summary>
    public static async Task<string?> WhyUnreachableAsync(Uri target, RemoteCertificateValidationCallback? validation, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            if (target.Scheme is "http" or "https")
            {
                using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = validation } };
                using var http = new HttpClient(handler);
                using var response = await http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                return response.IsSuccessStatusCode ? null : $"it answered {(int)response.StatusCode} {response.ReasonPhrase}";
            }

            using var socket = new ClientWebSocket();
            socket.Options.RemoteCertificateValidationCallback = validation;
            await socket.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            socket.Abort();
            return null;
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            return exception is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : exception.Message;
        }
    }
}
