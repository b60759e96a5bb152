using System.Diagnostics;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>
/// Probes a live WebSocket endpoint as an experienced engineer would, check by check: transport, handshake, liveness,
/// idle survival, stickiness, buffering (with an SSE URL) and HTTP/2. The idle connections are held while the other
/// checks run, so a run takes about <see cref="DoctorOptions.Idle"/>. Every connection it opens is closed before it returns.
/// </summary>
public static class EndpointDoctor
{
    /// <summary>Runs every check against <see cref="DoctorOptions.Target"/>.</summary>
    /// <exception cref="EndpointUnreachableException">Not even a TCP connection could be made.</exception>
    public static async Task<DoctorReport> RunAsync(DoctorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var startedAt = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var checks = new List<DoctorCheck>();
        var (transport, usable) = await TransportChecks.RunAsync(options, time, cancellationToken).ConfigureAwait(false);
        checks.AddRange(transport);
        if (usable)
        {
            var (handshake, opened) = await HandshakeChecks.RunAsync(options, cancellationToken).ConfigureAwait(false);
            checks.AddRange(handshake);
            if (opened)
            {
                // Held while the other checks run; stopped at once should one of them fail, so no connection outlives the run.
                using var idleStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var idle = IdleChecks.RunAsync(options, idleStop.Token);
                try
                {
                    checks.AddRange(await LivenessChecks.RunAsync(options, cancellationToken).ConfigureAwait(false));
                    checks.AddRange(await StickinessChecks.RunAsync(options, cancellationToken).ConfigureAwait(false));
                    if (options.Sse is { } sse)
                    {
                        checks.AddRange(await BufferingChecks.RunAsync(options, sse, cancellationToken).ConfigureAwait(false));
                    }

                    checks.AddRange(await Http2Checks.RunAsync(options, cancellationToken).ConfigureAwait(false));
                }
                catch
                {
                    await idleStop.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAny(idle).ConfigureAwait(false);
                    throw;
                }

                checks.InsertRange(checks.FindIndex(check => check.Group == StickinessChecks.Group), await idle.ConfigureAwait(false));
            }
            else if (options.Sse is { } sse)
            {
                checks.AddRange(await BufferingChecks.RunAsync(options, sse, cancellationToken).ConfigureAwait(false));
            }
        }

        return new DoctorReport(options.Target, startedAt, stopwatch.Elapsed, checks);
    }
}
