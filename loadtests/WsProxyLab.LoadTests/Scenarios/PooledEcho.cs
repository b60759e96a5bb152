using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using WsProxyLab.Load.Connections;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Round trips over a <see cref="ConnectionPool"/> that a scenario opens in its init: each message carries a sequence
/// number in its first 8 bytes, goes out on the next idle connection, and is matched by the pool's receive loop to its
/// echo, so a held connection costs a socket and a receive loop, not a copy with its own timer. A connection that drops
/// is reported once as a failed <c>drop</c> with its close code; a round trip with no echo after
/// <see cref="EchoTimeout"/> fails as <c>timeout</c>.
/// </summary>
internal sealed class PooledEcho(RunSettings settings, int connections, bool pings = false) : IAsyncDisposable
{
    public static readonly TimeSpan EchoTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<int> _drops = new();
    private readonly CancellationTokenSource _stopping = new();
    private ConnectionPool? _pool;
    private EchoSlot[] _slots = [];
    private Task _sweeping = Task.CompletedTask;
    private long _sequence;

    /// <summary>Opens the connections, recording each handshake as a <c>connect</c> step and in k6's <c>ws_connecting</c>.</summary>
    public async Task OpenAsync(ScenarioInitContext context)
    {
        _slots = [.. Enumerable.Range(0, connections).Select(_ => new EchoSlot())];
        var connector = SourceAddressConnector.For(settings.Target, connections, settings.CertificateValidation);
        _pool = await ConnectionPool.OpenAsync(connector, settings.Target, new ConnectionPoolOptions { Count = connections, Pings = pings },
            onMessage: (connection, frame, endOfMessage) => _slots[connection.Index].Received(frame.Span, endOfMessage),
            onClosed: Dropped,
            metrics: context.WebSockets,
            cancellationToken: context.CancellationToken).ConfigureAwait(false);
        foreach (var connection in _pool.Connections)
        {
            Step.Record("connect", context, Response.Ok(statusCode: "101"), connection.HandshakeTime);
        }

        foreach (var (message, count) in _pool.ConnectFailures)
        {
            for (var failure = 0; failure < count; failure++)
            {
                Step.Record("connect", context, Response.Fail(statusCode: "connect_failed", message: message), TimeSpan.Zero);
            }
        }

        if (_pool.Open == 0)
        {
            throw new InvalidOperationException($"None of {connections} connection(s) to {settings.Target} opened: {_pool.ConnectFailures.Keys.FirstOrDefault()}");
        }

        _sweeping = SweepAsync(_stopping.Token);
    }

    /// <summary>Reports the drops since the last call as failed <c>drop</c> steps, by close code.</summary>
    public async Task ReportDropsAsync(IScenarioContext context)
    {
        while (_drops.TryDequeue(out var closeCode))
        {
            var code = closeCode.ToString(CultureInfo.InvariantCulture);
            await Step.Run("drop", context, () => Task.FromResult(Response.Fail(statusCode: code, message: "the target ended a held connection"))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends one <paramref name="messageBytes"/>-byte message on the next idle connection and waits for its echo; the
    /// latency is recorded under <paramref name="step"/> from the invocation's scheduled time (coordinated omission
    /// corrected) and under <paramref name="rawStep"/> from the actual send, when given.
    /// </summary>
    public Task<Response> RoundTripAsync(IScenarioContext context, string step, string? rawStep, int messageBytes) =>
        Step.RunFrom(step, context, context.ScheduledAt, () => rawStep is null
            ? SendAndWaitAsync(messageBytes, context.ScenarioCancellationToken)
            : Step.Run(rawStep, context, () => SendAndWaitAsync(messageBytes, context.ScenarioCancellationToken)));

    /// <summary>A protocol ping on the next connection without one in flight, timed to its pong (<c>ping</c>; the pool records <c>ws_ping</c>).</summary>
    public Task<Response> PingAsync(IScenarioContext context) =>
        Step.Run("ping", context, async () =>
        {
            var pool = _pool ?? throw new InvalidOperationException("The pool opens in the scenario's init.");
            var connection = pool.NextOpen(candidate => !candidate.PingInFlight);
            if (connection is null)
            {
                return Response.Fail(statusCode: "no_idle_connection", message: "every held connection has a ping in flight or has dropped");
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.ScenarioCancellationToken);
            deadline.CancelAfter(EchoTimeout);
            try
            {
                await connection.PingAsync(deadline.Token).ConfigureAwait(false);
                return Response.Ok();
            }
            catch (OperationCanceledException) when (!context.ScenarioCancellationToken.IsCancellationRequested)
            {
                return Response.Fail(statusCode: "timeout", message: $"no pong within {EchoTimeout.TotalSeconds:0} s");
            }
            catch (InvalidOperationException)
            {
                // Another invocation took the same connection between the check and the ping.
                return Response.Fail(statusCode: "no_idle_connection", message: "the connection had a ping in flight");
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
            {
                return Response.Fail(statusCode: CloseCodeOf(connection), message: exception.Message);
            }
        });

    private async Task<Response> SendAndWaitAsync(int messageBytes, CancellationToken cancellationToken)
    {
        var pool = _pool ?? throw new InvalidOperationException("The pool opens in the scenario's init.");
        var sequence = Interlocked.Increment(ref _sequence);
        Task<Response>? echo = null;
        var connection = pool.NextOpen(candidate => (echo = _slots[candidate.Index].TryBegin(sequence, messageBytes)) is not null);
        if (connection is null || echo is null)
        {
            return Response.Fail(statusCode: "no_idle_connection", message: "every held connection has a round trip in flight or has dropped");
        }

        var payload = ArrayPool<byte>.Shared.Rent(messageBytes);
        try
        {
            payload.AsSpan(0, messageBytes).Clear();
            BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
            await connection.SendAsync(payload.AsMemory(0, messageBytes), WebSocketMessageType.Binary, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            _slots[connection.Index].Abandon(Response.Fail(statusCode: CloseCodeOf(connection), message: exception.Message));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }

        return await echo.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Dropped(HeldConnection connection)
    {
        _drops.Enqueue(connection.CloseCode ?? ConnectionPool.AbnormalClosure);
        _slots[connection.Index].Abandon(Response.Fail(statusCode: CloseCodeOf(connection), message: "the connection dropped before the echo"));
    }

    private static string CloseCodeOf(HeldConnection connection) =>
        (connection.CloseCode ?? (int?)connection.Socket.CloseStatus ?? ConnectionPool.AbnormalClosure).ToString(CultureInfo.InvariantCulture);

    /// <summary>Once a second, fails the round trips that have waited longer than <see cref="EchoTimeout"/>: one timer for the pool, none per message.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var timedOut = Response.Fail(statusCode: "timeout", message: $"no echo within {EchoTimeout.TotalSeconds:0} s");
        using var ticks = new PeriodicTimer(SweepInterval);
        try
        {
            while (await ticks.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var sentBefore = Stopwatch.GetTimestamp() - (long)(EchoTimeout.TotalSeconds * Stopwatch.Frequency);
                foreach (var slot in _slots)
                {
                    slot.AbandonIfSentBefore(sentBefore, timedOut);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The scenario is cleaning up.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _sweeping.ConfigureAwait(false);
        if (_pool is not null)
        {
            await _pool.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }
}
