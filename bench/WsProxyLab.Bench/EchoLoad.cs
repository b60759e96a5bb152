using System.Diagnostics;
using System.Net.WebSockets;
using HdrHistogram;

namespace WsProxyLab.Bench;

/// <summary>
/// Drives echo round trips at a fixed total rate over a set of connections (each paced at rate ÷ connections, start
/// times staggered) and records each round trip in microseconds twice: corrected for coordinated omission and raw
/// (from the actual send). The corrected time starts at the intended send time when the previous round trip was still
/// in flight then, so a stall counts against every message it delayed; otherwise it starts at the actual send, so the
/// timer's own lateness (about a millisecond with .NET's timers) is not blamed on the target.
/// </summary>
internal static class EchoLoad
{
    private const long HighestTrackableMicroseconds = 60_000_000;

    public static async Task<EchoResult> RunAsync(IReadOnlyList<WebSocket> sockets, int messagesPerSecond, int messageBytes, TimeSpan duration, CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds((double)sockets.Count / messagesPerSecond);
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perSocket = await Task.WhenAll(sockets.Select((socket, index) =>
            RunOneAsync(socket, messageBytes, start + (long)(period.TotalSeconds * Stopwatch.Frequency * index / sockets.Count), period, end, cancellationToken))).ConfigureAwait(false);

        var corrected = new LongHistogram(HighestTrackableMicroseconds, 3);
        var raw = new LongHistogram(HighestTrackableMicroseconds, 3);
        foreach (var one in perSocket)
        {
            corrected.Add(one.Corrected);
            raw.Add(one.Raw);
        }

        return new EchoResult(perSocket.Sum(one => one.Sent), perSocket.Sum(one => one.Received), perSocket.Sum(one => one.Errors), corrected, raw, duration,
            perSocket.Select(one => one.Error).OfType<string>().FirstOrDefault());
    }

    private static async Task<(long Sent, long Received, int Errors, LongHistogram Corrected, LongHistogram Raw, string? Error)> RunOneAsync(
        WebSocket socket, int messageBytes, long firstSend, TimeSpan period, long end, CancellationToken cancellationToken)
    {
        var corrected = new LongHistogram(HighestTrackableMicroseconds, 3);
        var raw = new LongHistogram(HighestTrackableMicroseconds, 3);
        var payload = new byte[messageBytes];
        var buffer = new byte[messageBytes + 1024];
        var periodTicks = (long)(period.TotalSeconds * Stopwatch.Frequency);
        long sent = 0;
        long received = 0;
        var previousDone = 0L;
        try
        {
            for (var intended = firstSend; intended < end; intended += periodTicks)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                var sentAt = Stopwatch.GetTimestamp();
                await socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                sent++;
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close || count != messageBytes)
                {
                    return (sent, received, 1, corrected, raw, $"expected a {messageBytes}-byte echo, got {result.MessageType} of {count} bytes (close {socket.CloseStatus} {socket.CloseStatusDescription})");
                }

                var done = Stopwatch.GetTimestamp();
                received++;
                corrected.RecordValue(Microseconds(done - (previousDone > intended ? intended : sentAt)));
                previousDone = done;
                raw.RecordValue(Microseconds(done - sentAt));
            }

            return (sent, received, 0, corrected, raw, null);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException)
        {
            return (sent, received, 1, corrected, raw, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static long Microseconds(long stopwatchTicks) => Math.Max(0, stopwatchTicks * 1_000_000 / Stopwatch.Frequency);
}
