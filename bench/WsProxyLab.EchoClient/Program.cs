using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;

// A deliberately plain client, sharing no code with the load engine: it opens N ClientWebSockets, then sends RATE
// messages a second round-robin over them, each awaited by its own send-then-receive (no receive loop, no pool), and prints the round trips
// measured from the actual send (sorted, not histogrammed) and its own CPU per message as one line of key=value.
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: WsProxyLab.EchoClient <ws-url> <connections> <messages-per-second> <bytes> <warmup-seconds> <seconds>");
    return 1;
}

if (!Uri.TryCreate(args[0], UriKind.Absolute, out var target) || target.Scheme is not ("ws" or "wss"))
{
    Console.Error.WriteLine($"ws-url is '{args[0]}'; give a ws:// or wss:// URL.");
    return 1;
}

if (!TryParse(args[1], "connections", out var connections) || !TryParse(args[2], "messages-per-second", out var rate) || !TryParse(args[3], "bytes", out var size)
    || !TryParse(args[4], "warmup-seconds", out var warmupSeconds) || !TryParse(args[5], "seconds", out var seconds))
{
    return 1;
}

var warmup = TimeSpan.FromSeconds(warmupSeconds);
var duration = TimeSpan.FromSeconds(seconds);

var sockets = new ClientWebSocket[connections];
using (var opening = new SemaphoreSlim(64))
{
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async index =>
    {
        await opening.WaitAsync();
        try
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(target, CancellationToken.None);
            sockets[index] = socket;
        }
        finally
        {
            opening.Release();
        }
    }));
}

var roundTrips = new List<long>((int)(rate * duration.TotalSeconds) + rate);
var failures = 0;
var measuring = false;
var pending = new List<Task>();
var cpuAtStart = TimeSpan.Zero;

// Sends on a thread of its own, each message at its own time (start + n / rate), sleeping on clock_nanosleep in
// between: .NET's timers tick in milliseconds and would send 2,000 messages/s as pairs, which measures the pairs.
var sender = new Thread(() =>
{
    var start = Stopwatch.GetTimestamp();
    var total = (long)(rate * (warmup + duration).TotalSeconds);
    var warmupMessages = (long)(rate * warmup.TotalSeconds);
    for (long message = 0; message < total; message++)
    {
        if (message == warmupMessages)
        {
            measuring = true;
            cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        }

        SleepUntil(start + (message * Stopwatch.Frequency / rate));
        pending.Add(RoundTripAsync(sockets[message % connections]));
        if (pending.Count > 4 * rate)
        {
            pending.RemoveAll(task => task.IsCompleted);
        }
    }
});
sender.Start();
sender.Join();

var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
await Task.WhenAll(pending);
long[] sorted;
lock (roundTrips)
{
    sorted = [.. roundTrips.Order()];
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"messages={sorted.Length} failures={failures} p50_us={Percentile(sorted, 0.50):0} p99_us={Percentile(sorted, 0.99):0} cpu_us_per_message={cpu.TotalMicroseconds / Math.Max(1, sorted.Length):0}"));
return 0;

async Task RoundTripAsync(ClientWebSocket socket)
{
    var payload = new byte[size];
    var buffer = new byte[size + 16];
    var started = Stopwatch.GetTimestamp();
    try
    {
        await socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        var received = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(received), CancellationToken.None);
            received += result.Count;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }
        }

        var microseconds = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        if (received == size && measuring)
        {
            lock (roundTrips)
            {
                roundTrips.Add(microseconds);
            }
        }
        else if (received != size)
        {
            Interlocked.Increment(ref failures);
        }
    }
    catch (WebSocketException)
    {
        Interlocked.Increment(ref failures);
    }
}

static void SleepUntil(long timestamp)
{
    var deadline = new TimeSpec(timestamp / 1_000_000_000, timestamp % 1_000_000_000);
    while (Stopwatch.GetTimestamp() < timestamp && Native.clock_nanosleep(1, 1, ref deadline, IntPtr.Zero) != 0)
    {
    }
}

static double Percentile(long[] sorted, double quantile) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(quantile * sorted.Length) - 1)];

static bool TryParse(string text, string name, out int value)
{
    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0)
    {
        return true;
    }

    Console.Error.WriteLine($"{name} is '{text}'; give a positive whole number.");
    return false;
}

internal record struct TimeSpec(long Seconds, long Nanoseconds);

internal static partial class Native
{
    // CLOCK_MONOTONIC (1), TIMER_ABSTIME (1): the clock Stopwatch reads on Linux, in nanoseconds.
    [System.Runtime.InteropServices.LibraryImport("libc")]
    internal static partial int clock_nanosleep(int clock, int flags, ref TimeSpec request, IntPtr remaining);
}
