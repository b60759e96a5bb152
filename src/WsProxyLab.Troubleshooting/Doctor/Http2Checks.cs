using System.Net;
using System.Net.WebSockets;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>Does the endpoint take WebSockets over HTTP/2 (RFC 8441's extended CONNECT), as browsers try on an h2 connection?</summary>
internal static class Http2Checks
{
    public const string Group = "HTTP/2";

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(DoctorOptions options, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = CertificateTrust.Validator(options.TrustedRoots) }, ConnectTimeout = options.StepTimeout };
        using var invoker = new HttpMessageInvoker(handler);
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;
        if (options.Origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", options.Origin);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StepTimeout);
        var name = "WebSocket over HTTP/2";
        try
        {
            await socket.ConnectAsync(options.Target, invoker, deadline.Token).ConfigureAwait(false);
            var status = socket.HttpStatusCode;
            using var close = new CancellationTokenSource(options.StepTimeout);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "doctor done", close.Token).ConfigureAwait(false);
            return [DoctorCheck.Pass(Group, name, $"accepted (RFC 8441 extended CONNECT, status {(int)status})")];
        }
        catch (Exception exception) when (exception is WebSocketException or HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = exception is OperationCanceledException ? $"no answer within {options.StepTimeout.TotalSeconds:0} s" : Innermost(exception);
            var plain = options.Target.Scheme == "ws" ? " over cleartext (h2c)" : string.Empty;
            return [DoctorCheck.Warn(Group, name, $"not accepted{plain}: {why}",
                "the endpoint does not offer RFC 8441; browsers then open WebSockets on a separate HTTP/1.1 connection, which works",
                "nothing is needed for WebSockets to work. nginx cannot carry them over HTTP/2; HAProxy can (ALPN h2 on its TLS bind); Kestrel and YARP can")];
        }
    }

    private static string Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception.Message;
    }
}
