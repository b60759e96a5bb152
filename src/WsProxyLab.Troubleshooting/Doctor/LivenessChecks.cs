using System.Diagnostics;
using System.Text;
using WsProxyLab.Load.Connections;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>Does the endpoint answer a ping with a pong, and, where the path echoes, how long a round trip takes.</summary>
internal static class LivenessChecks
{
    public const string Group = "Liveness";

    private static readonly TimeSpan EchoProbeWait = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(DoctorOptions options, CancellationToken cancellationToken)
    {
        var (response, opened) = await WebSocketOpener.OpenAsync(options, cookies: null, offerDeflate: false, cancellationToken).ConfigureAwait(false);
        if (opened is not { } socket)
        {
            return [DoctorCheck.Fail(Group, "Ping", $"a second handshake was answered '{response.StatusLine}'", "the endpoint upgraded once and then refused", "look for a connection limit or a flapping backend")];
        }

        await using (socket.ConfigureAwait(false))
        {
            var checks = new List<DoctorCheck> { await PingAsync(socket, options, cancellationToken).ConfigureAwait(false) };
            checks.Add(await EchoAsync(socket, options, cancellationToken).ConfigureAwait(false));
            await socket.CloseAsync(options.StepTimeout).ConfigureAwait(false);
            return checks;
        }
    }

    private static async Task<DoctorCheck> PingAsync(DoctorSocket socket, DoctorOptions options, CancellationToken cancellationToken)
    {
        var payload = Encoding.ASCII.GetBytes("wsproxylab-doctor");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StepTimeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await socket.SendAsync(ClientFrame.Ping, payload, deadline.Token).ConfigureAwait(false);
            while (true)
            {
                var frame = await socket.ReceiveAsync(deadline.Token).ConfigureAwait(false);
                if (frame.Opcode == ServerFrame.Pong && frame.Payload.AsSpan().SequenceEqual(payload))
                {
                    return DoctorCheck.Pass(Group, "Ping", $"pong with the ping's payload after {TransportChecks.Milliseconds(stopwatch.Elapsed)}");
                }

                if (frame.Opcode == ServerFrame.Close)
                {
                    return DoctorCheck.Fail(Group, "Ping", $"closed with {frame.CloseCode} '{frame.CloseReason}' instead of a pong", "the server or a proxy refused the ping", "a WebSocket endpoint must answer pings (RFC 6455 §5.5.2)");
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            var seen = exception is OperationCanceledException ? $"no pong within {options.StepTimeout.TotalSeconds:0} s" : $"the connection ended: {exception.Message}";
            return DoctorCheck.Fail(Group, "Ping", seen, "the backend does not answer pings, or something between swallows control frames",
                "answer pings in the backend (every WebSocket library does by default); a proxy that inspects frames must pass them");
        }
    }

    private static async Task<DoctorCheck> EchoAsync(DoctorSocket socket, DoctorOptions options, CancellationToken cancellationToken)
    {
        var first = await RoundTripAsync(socket, "wsproxylab-doctor echo 0", EchoProbeWait, cancellationToken).ConfigureAwait(false);
        if (first.Answer != "wsproxylab-doctor echo 0")
        {
            var seen = first.Answer is null ? $"no message came back within {EchoProbeWait.TotalSeconds:0} s" : $"it answered '{Shorten(first.Answer)}'";
            return DoctorCheck.Warn(Group, "Echo round trip", $"the path does not echo ({seen}): no round trip measured", "not an echo endpoint", null);
        }

        var times = new List<double>(options.EchoMessages);
        for (var index = 1; index <= options.EchoMessages; index++)
        {
            var text = $"wsproxylab-doctor echo {index}";
            var trip = await RoundTripAsync(socket, text, options.StepTimeout, cancellationToken).ConfigureAwait(false);
            if (trip.Answer != text)
            {
                return DoctorCheck.Fail(Group, "Echo round trip", $"message {index} of {options.EchoMessages} {(trip.Answer is null ? "never came back" : "came back changed")}",
                    "messages were lost or altered on the way", "check the proxy's error log for the tunnel's end and the backend's");
            }

            times.Add(trip.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return DoctorCheck.Pass(Group, "Echo round trip", $"{options.EchoMessages} messages: p50 {Percentile(times, 0.50):0.00} ms, p99 {Percentile(times, 0.99):0.00} ms, max {times[^1]:0.00} ms");
    }

    private static async Task<(string? Answer, TimeSpan Elapsed)> RoundTripAsync(DoctorSocket socket, string text, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await socket.SendTextAsync(text, deadline.Token).ConfigureAwait(false);
            var message = new List<byte>();
            while (true)
            {
                var frame = await socket.ReceiveAsync(deadline.Token).ConfigureAwait(false);
                if (frame.Opcode == ServerFrame.Close)
                {
                    return ($"(close {frame.CloseCode})", stopwatch.Elapsed);
                }

                if (frame.Opcode == ServerFrame.Pong)
                {
                    continue;
                }

                message.AddRange(frame.Payload);
                if (frame.Final)
                {
                    return (Encoding.UTF8.GetString([.. message]), stopwatch.Elapsed);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            return (null, stopwatch.Elapsed);
        }
    }

    private static double Percentile(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
