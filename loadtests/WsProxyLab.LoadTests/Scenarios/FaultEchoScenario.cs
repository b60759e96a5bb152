using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Held connections that each echo a numbered message in turn (the spread shape) while a fault is made, every one
/// knowing the replica that served its handshake (<c>X-Backend-Instance</c>). A receive loop per connection sees a
/// close the moment it arrives. <c>replica</c> counts each connection once per pass by the replica that served it. Steps, split by whether the connection was on the faulted replica (<c>-affected</c>):
/// <c>echo</c> (ok, or <c>lost</c> when the echo did not come back within <see cref="EchoTimeout"/> on a connection still
/// open), <c>cut</c> (a connection ended, by close code, 1006 without a close frame), <c>notice</c> (from the fault to the
/// close or the lost echo that told the client) and <c>reconnect</c> (a cut connection connected again).
/// </summary>
internal sealed class FaultEchoScenario(FaultClock clock, string? faultedReplica, TimeSpan echoTimeout)
{
    public const string Name = "fault-echo";

    private const string Key = "echo-connection";

    public TimeSpan EchoTimeout => echoTimeout;

    /// <summary>The scenario, named <paramref name="name"/> where several run side by side (the soak's one per target).</summary>
    public ScenarioProps Build(RunSettings settings, string name = Name)
    {
        var period = TimeSpan.FromSeconds(settings.Connections / (double)settings.Rate);
        return Scenario.Create(name, async context =>
            {
                var connection = context.Data.TryGetValue(Key, out var held) ? (EchoConnection)held : null;
                connection?.Background.Follow(context);
                if (connection is null || connection.Ended)
                {
                    var socket = await HeldSocket.GetAsync(context, settings).ConfigureAwait(false);
                    if (socket is null)
                    {
                        await Task.Delay(period, context.ScenarioCancellationToken).ConfigureAwait(false);
                        return Response.Fail(statusCode: "connect_failed");
                    }

                    if (connection is not null)
                    {
                        await Step.Run(connection.Affected ? "reconnect-affected" : "reconnect", context, () => Task.FromResult(Response.Ok())).ConfigureAwait(false);
                    }

                    var replica = socket.HttpResponseHeaders?.TryGetValue("X-Backend-Instance", out var values) == true ? values.FirstOrDefault() : null;
                    connection?.Background.Dispose();
                    context.Data[Key] = connection = new EchoConnection(socket, replica, replica is not null && replica == faultedReplica, new CopyBackground(context));
                    _ = ReceiveAsync(connection);
                    // Spread the copies' first sends over one period.
                    await Task.Delay(period * ((context.ScenarioInstanceNumber % settings.Connections) / (double)settings.Connections), context.ScenarioCancellationToken).ConfigureAwait(false);
                }

                if (connection.CountedIn != context.ScenarioCancellationToken)
                {
                    // Once per connection and pass: the measured figures say which replica served each connection.
                    connection.CountedIn = context.ScenarioCancellationToken;
                    await Step.Run("replica", context, () => Task.FromResult(Response.Ok(statusCode: connection.Replica ?? "unknown"))).ConfigureAwait(false);
                }

                var started = Stopwatch.GetTimestamp();
                var outcome = await EchoAsync(connection, context, settings.MessageBytes).ConfigureAwait(false);
                var wait = period - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, context.ScenarioCancellationToken).ConfigureAwait(false);
                }

                return outcome;
            })
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.KeepConstant(settings.Connections, settings.Duration));
    }

    private async Task<Response> EchoAsync(EchoConnection connection, IScenarioContext context, int bytes)
    {
        var sequence = ++connection.Sequence;
        var echoed = connection.Expect(sequence);
        var step = connection.Affected ? "echo-affected" : "echo";
        return await Step.Run(step, context, async () =>
        {
            try
            {
                await connection.Socket.SendAsync(Payload(sequence, bytes), WebSocketMessageType.Text, endOfMessage: true, context.ScenarioCancellationToken).ConfigureAwait(false);
                context.WebSockets.MessageSent();
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
            {
                // The receive loop records the cut; this message was in flight when it came.
                return Response.Ok(statusCode: "cut_in_flight");
            }

            var finished = await Task.WhenAny(echoed, Task.Delay(echoTimeout, context.ScenarioCancellationToken)).ConfigureAwait(false);
            if (finished == echoed)
            {
                return echoed.Result ? Response.Ok(sizeBytes: bytes) : Response.Ok(statusCode: "cut_in_flight");
            }

            if (context.ScenarioCancellationToken.IsCancellationRequested)
            {
                return Response.Ok(statusCode: "run_ended");
            }

            // Still open, yet silent: the client gives the connection up, as an application's own timeout would.
            RecordNotice(context, "timeout");
            connection.GiveUp();
            return Response.Fail(statusCode: "lost");
        }).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(EchoConnection connection)
    {
        var buffer = new byte[64 * 1024];
        var code = "1006";
        try
        {
            while (true)
            {
                var received = await connection.Socket.ReceiveAsync(buffer, connection.Background.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    code = ((int?)connection.Socket.CloseStatus ?? 1005).ToString(CultureInfo.InvariantCulture);
                    break;
                }

                connection.Background.Context.WebSockets.MessageReceived();
                if (received.EndOfMessage && SequenceOf(buffer.AsSpan(0, received.Count)) is { } sequence)
                {
                    connection.Echoed(sequence);
                }
            }
        }
        catch (OperationCanceledException)
        {
            connection.End();
            return;
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            // No close frame: the connection vanished (1006), or the client gave it up itself.
        }

        connection.End();
        var context = connection.Background.Context;
        // A connection the target ends after the load stopped sending (an idle timeout) is not the fault's doing.
        if (connection.GivenUp || connection.Background.Token.IsCancellationRequested || !clock.LoadRunning)
        {
            return;
        }

        await Step.Run(connection.Affected ? "cut-affected" : "cut", context, () => Task.FromResult(Response.Ok(statusCode: code))).ConfigureAwait(false);
        RecordNotice(context, code);
    }

    private void RecordNotice(IScenarioContext context, string how)
    {
        if (clock.MadeAt is { } madeAt)
        {
            _ = Step.RunFrom("notice", context, madeAt, () => Task.FromResult(Response.Ok(statusCode: how)));
        }
    }

    private static byte[] Payload(long sequence, int bytes)
    {
        var text = sequence.ToString(CultureInfo.InvariantCulture);
        return Encoding.ASCII.GetBytes(text.PadRight(Math.Max(bytes, text.Length + 1), '.'));
    }

    private static long? SequenceOf(ReadOnlySpan<byte> message)
    {
        var end = message.IndexOf((byte)'.');
        return long.TryParse(end < 0 ? message : message[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
    }

    /// <summary>One copy's connection: its socket, whether the fault hit its replica, and the echo it waits for.</summary>
    private sealed class EchoConnection(ClientWebSocket socket, string? replica, bool affected, CopyBackground background) : IDisposable
    {
        private TaskCompletionSource<bool>? _pending;
        private long _pendingSequence;

        public ClientWebSocket Socket => socket;

        public string? Replica => replica;

        public bool Affected => affected;

        /// <summary>The pass whose figures have counted this connection's replica.</summary>
        public CancellationToken CountedIn { get; set; }

        public long Sequence { get; set; }

        public CopyBackground Background => background;

        public bool Ended { get; private set; }

        public bool GivenUp { get; private set; }

        /// <summary>A task that completes true when <paramref name="sequence"/> comes back, false when the connection ends first.</summary>
        public Task<bool> Expect(long sequence)
        {
            var pending = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pendingSequence, sequence);
            Interlocked.Exchange(ref _pending, pending)?.TrySetResult(false);
            if (Ended)
            {
                pending.TrySetResult(false);
            }

            return pending.Task;
        }

        public void Echoed(long sequence)
        {
            if (sequence == Volatile.Read(ref _pendingSequence))
            {
                Volatile.Read(ref _pending)?.TrySetResult(true);
            }
        }

        public void GiveUp()
        {
            GivenUp = true;
            socket.Abort();
        }

        public void End()
        {
            Ended = true;
            Volatile.Read(ref _pending)?.TrySetResult(false);
        }

        public void Dispose() => background.Dispose();
    }
}
