namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>Reconnects with a cookie jar and reads <c>X-Backend-Instance</c> each time: does a client stay on its backend?</summary>
internal static class StickinessChecks
{
    public const string Group = "Stickiness";

    private const string InstanceHeader = "X-Backend-Instance";

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(DoctorOptions options, CancellationToken cancellationToken)
    {
        var jar = new CookieJar();
        var landed = new List<string?>();
        var refused = 0;
        for (var attempt = 0; attempt < options.Reconnects; attempt++)
        {
            try
            {
                var (response, socket) = await WebSocketOpener.OpenAsync(options, jar.Header(), offerDeflate: false, cancellationToken).ConfigureAwait(false);
                jar.Take(response);
                if (socket is null)
                {
                    refused++;
                    continue;
                }

                await using (socket.ConfigureAwait(false))
                {
                    landed.Add(response.Header(InstanceHeader));
                    await socket.CloseAsync(options.StepTimeout).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                refused++;
            }
        }

        var name = $"{options.Reconnects} reconnects";
        var cookies = jar.Names.Count == 0 ? "no cookie was set" : $"cookies {string.Join(", ", jar.Names)} sent back";
        if (refused > 0)
        {
            return [DoctorCheck.Fail(Group, name, $"{refused} of {options.Reconnects} reconnects did not open ({cookies})", "the endpoint refused some connections: a limit, a failing backend or a rate limit", "check the proxy's log for the refusals")];
        }

        if (landed.All(instance => instance is null))
        {
            return [DoctorCheck.Warn(Group, name, $"all opened; the backend sends no {InstanceHeader}, so where each landed cannot be seen ({cookies})", null, $"have each backend send '{InstanceHeader}: <its name>' to see stickiness")];
        }

        var spread = landed.GroupBy(instance => instance ?? "(none)").OrderByDescending(group => group.Count()).ToList();
        if (spread.Count == 1)
        {
            return [DoctorCheck.Pass(Group, name, $"all landed on {spread[0].Key} ({cookies})")];
        }

        return [DoctorCheck.Warn(Group, name, $"landed on {spread.Count} backends: {string.Join(", ", spread.Select(group => $"{group.Key} ×{group.Count()}"))} ({cookies})",
            "no affinity: a reconnecting client reaches any backend, and loses state a backend keeps for it",
            "where sessions are stateful: nginx 'hash $cookie_NAME consistent;' or 'ip_hash;' in the upstream; HAProxy 'cookie SRV insert indirect nocache' or 'balance source'")];
    }
}
