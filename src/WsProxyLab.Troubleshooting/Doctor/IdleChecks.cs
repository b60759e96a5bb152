using System.Diagnostics;
using WsProxyLab.Load.Connections;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>
/// Three connections held at once for <see cref="DoctorOptions.Idle"/>: one silent, one sending a small message and
/// one a ping at a steady interval. How and when each ended tells which timeout the path has and whether keep-alive
/// traffic beats it.
/// </summary>
internal static class IdleChecks
{
    public const string Group = "Idle survival";

    private static readonly TimeSpan MaxKeepAliveInterval = TimeSpan.FromSeconds(25);

    /// <summary>How often the two talking connections send: a third of the idle time, at most every 25 s.</summary>
    public static TimeSpan KeepAliveInterval(TimeSpan idle) => idle / 3 < MaxKeepAliveInterval ? idle / 3 : MaxKeepAliveInterval;

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(DoctorOptions options, CancellationToken cancellationToken)
    {
        var interval = KeepAliveInterval(options.Idle);
        var every = $"every {interval.TotalSeconds:0.#} s";
        var kinds = new[] { ("silent connection", (byte?)null), ($"heartbeat {every}", ClientFrame.Text), ($"ping {every}", ClientFrame.Ping) };
        var held = await Task.WhenAll(kinds.Select(kind => HoldAsync(options, kind.Item2, interval, cancellationToken))).ConfigureAwait(false);
        return [.. kinds.Zip(held, (kind, outcome) => Judge(kind.Item1, kind.Item2 is null, outcome, options, interval))];
    }

    private static DoctorCheck Judge(string name, bool silent, IdleOutcome outcome, DoctorOptions options, TimeSpan interval)
    {
        if (outcome.Refused is { } refused)
        {
            return DoctorCheck.Fail(Group, name, $"could not open: {refused}", "the endpoint refused a further connection", "look for a connection limit");
        }

        if (outcome.EndedAfter is not { } after)
        {
            return DoctorCheck.Pass(Group, name, $"held {options.Idle.TotalSeconds:0.#} s, still open");
        }

        var how = outcome.Code is { } code ? $"with {code}{(string.IsNullOrEmpty(outcome.Reason) ? string.Empty : $" '{outcome.Reason}'")}" : "with 1006 (no close frame)";
        var known = KnownTimeouts.Match(after);
        var seen = $"closed after {after.TotalSeconds:0.0} s {how}{(known is null ? string.Empty : $", which matches {known}")}";
        var cut = after.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        if (silent)
        {
            return DoctorCheck.Warn(Group, name, seen,
                $"an idle timeout of about {cut} s between client and backend; clients that send nothing for that long are cut",
                $"raise it (nginx 'proxy_read_timeout 3600s;', HAProxy 'timeout tunnel 1h') or have clients ping more often than every {cut} s");
        }

        return DoctorCheck.Fail(Group, name, seen,
            $"traffic {name[(name.IndexOf(' ', StringComparison.Ordinal) + 1)..]} did not keep it open: a timeout shorter than {interval.TotalSeconds:0.#} s, or one that counts a single direction, or a limit on a connection's lifetime",
            "raise the proxy's tunnel timeouts (nginx proxy_read_timeout and proxy_send_timeout, HAProxy timeout tunnel) above your clients' keep-alive interval");
    }

    private static async Task<IdleOutcome> HoldAsync(DoctorOptions options, byte? opcode, TimeSpan interval, CancellationToken cancellationToken)
    {
        HandshakeResponse response;
        DoctorSocket? opened;
        try
        {
            (response, opened) = await WebSocketOpener.OpenAsync(options, cookies: null, offerDeflate: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new IdleOutcome(null, null, null, exception.Message);
        }

        if (opened is not { } socket)
        {
            return new IdleOutcome(null, null, null, $"'{response.StatusLine}'");
        }

        await using (socket.ConfigureAwait(false))
        {
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            hold.CancelAfter(options.Idle);
            var stopwatch = Stopwatch.StartNew();
            var talking = opcode is { } kind ? TalkAsync(socket, kind, interval, hold.Token) : Task.CompletedTask;
            IdleOutcome outcome;
            try
            {
                while (true)
                {
                    var frame = await socket.ReceiveAsync(hold.Token).ConfigureAwait(false);
                    if (frame.Opcode == ServerFrame.Close)
                    {
                        outcome = new IdleOutcome(stopwatch.Elapsed, frame.CloseCode, frame.CloseReason, null);
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                outcome = new IdleOutcome(null, null, null, null);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException)
            {
                outcome = new IdleOutcome(stopwatch.Elapsed, null, null, null);
            }

            await hold.CancelAsync().ConfigureAwait(false);
            await talking.ConfigureAwait(false);
            if (outcome.EndedAfter is null)
            {
                await socket.CloseAsync(options.StepTimeout).ConfigureAwait(false);
            }

            return outcome;
        }
    }

    private static async Task TalkAsync(DoctorSocket socket, byte opcode, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                await socket.SendAsync(opcode, "wsproxylab-doctor keep-alive"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The hold is over, or the connection ended, which the reader reports.
        }
    }

    private sealed record IdleOutcome(TimeSpan? EndedAfter, int? Code, string? Reason, string? Refused);
}
