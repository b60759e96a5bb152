using System.Net.Sockets;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Admin;
using WsProxyLab.Proxy.Balancing;
using WsProxyLab.Proxy.Configuration;
using WsProxyLab.Proxy.Diagnostics;
using WsProxyLab.Proxy.Relay;
using WsProxyLab.Proxy.Tls;
using WsProxyLab.Proxy.Transport;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>
/// Forwards an HTTP/1.1 WebSocket Upgrade: opens a connection to a destination (trying the next on failure), sends the
/// upgrade request, and on 101 switches the client connection and relays bytes both ways. A refusal by the upstream is
/// passed to the client with the upstream's status; no reachable destination gives 502 with the reason.
/// </summary>
internal sealed class WebSocketForwarder(
    IOptions<ProxyOptions> options,
    TimeProvider timeProvider,
    ProxyMetrics metrics,
    TunnelRegistry registry,
    TunnelAdmission admission,
    UpstreamTls upstreamTls,
    TunnelWatchdog watchdog,
    ILogger<WebSocketForwarder> logger)
{
    private const int MaxRelayedRefusalBodyBytes = 64 * 1024;

    /// <summary>Forwards a request the dispatcher has matched to <paramref name="route"/> and found to be a WebSocket upgrade.</summary>
    public async Task ForwardAsync(HttpContext context, ProxyRoute route, ClientUpgrade upgrade)
    {
        var request = context.Request;
        // Ends with the upstream's answer (or the refusal); the tunnel after it is the request span's.
        using var handshake = HandshakeActivity.Start(route.Id, upgrade.IsExtendedConnect);
        if (!upgrade.IsExtendedConnect && ClientHandshakeCheck.Refusal(request) is var (status, reason))
        {
            if (status == StatusCodes.Status426UpgradeRequired)
            {
                context.Response.Headers.SecWebSocketVersion = "13";
            }

            await RefuseAsync(context, route.Id, "bad_handshake", status, reason).ConfigureAwait(false);
            return;
        }

        if (request.Headers.Origin.ToString() is { Length: > 0 } origin && route.AllowedOrigins.Count > 0
            && !route.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, route.Id, "origin_not_allowed", StatusCodes.Status403Forbidden,
                $"origin '{origin}' is not allowed on route '{route.Id}'").ConfigureAwait(false);
            return;
        }

        using var admitted = admission.TryAdmit(context.Connection.RemoteIpAddress, out var refusal);
        if (admitted is null)
        {
            context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await RefuseAsync(context, route.Id, "limit_reached", StatusCodes.Status503ServiceUnavailable, refusal!).ConfigureAwait(false);
            return;
        }

        var settings = options.Value;
        var connected = await ConnectAsync(context, route, settings).ConfigureAwait(false);
        if (connected is not var (destination, upstream))
        {
            return;
        }

        // Only what the relay needs stays referenced while the tunnel is open: the connect loop's and the handshake's
        // state end with their own methods (a held tunnel's memory is the proxy's main cost).
        using var tunnel = destination.TrackTunnel();
        await using var upstreamLease = upstream.ConfigureAwait(false);
        PinIfSticky(context, route, destination);
        HandshakeActivity.Destination(destination.Id);
        var client = await HandshakeAsync(context, upgrade, route, destination, upstream, settings).ConfigureAwait(false);
        handshake?.Stop();
        if (client is not null)
        {
            await RelayAsync(context, route, destination, client, upstream, settings).ConfigureAwait(false);
        }
    }

    /// <summary>Connects to the first reachable destination in the route's order; refuses with 502 (or the TLS failure) and returns null when none is.</summary>
    private async Task<(Destination Destination, Stream Upstream)?> ConnectAsync(HttpContext context, ProxyRoute route, ProxyOptions settings)
    {
        var failures = new List<string>();
        foreach (var destination in route.TryOrder(context))
        {
            var connectStarted = timeProvider.GetTimestamp();
            Socket socket;
            try
            {
                socket = await UpstreamConnector.ConnectAsync(destination.Address, settings.ConnectTimeout, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or TimeoutException)
            {
                if (exception is TimeoutException)
                {
                    metrics.Timeout(route.Id, "connect");
                }

                destination.RecordFailure();
                ProxyLog.DestinationUnreachable(logger, route.Id, destination.Id, destination.Address.Authority, exception.Message);
                failures.Add($"{destination.Id} ({exception.Message})");
                continue;
            }

            Stream upstream = new SocketStream(socket, ownsSocket: true);
            if (destination.Address.Scheme == Uri.UriSchemeHttps)
            {
                try
                {
                    upstream = await upstreamTls.AuthenticateAsync(upstream, destination.Address, context.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is System.Security.Authentication.AuthenticationException or IOException)
                {
                    destination.RecordFailure();
                    await upstream.DisposeAsync().ConfigureAwait(false);
                    await RefuseAsync(context, route.Id, "upstream_failed", StatusCodes.Status502BadGateway,
                        $"TLS failure to upstream {destination.Id}: {exception.Message}").ConfigureAwait(false);
                    return null;
                }
            }

            metrics.Connected(route.Id, destination.Id, timeProvider.GetElapsedTime(connectStarted));
            return (destination, upstream);
        }

        await RefuseAsync(context, route.Id, "no_destination", StatusCodes.Status502BadGateway,
            $"no destination of route '{route.Id}' is reachable: {string.Join("; ", failures)}").ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Sends the upgrade upstream and reads its answer: on 101 switches the client and returns its stream, with any frames
    /// that came behind the 101 already passed on; otherwise answers the client and returns null.
    /// </summary>
    private async Task<Stream?> HandshakeAsync(
        HttpContext context, ClientUpgrade upgrade, ProxyRoute route, Destination destination, Stream upstream, ProxyOptions settings)
    {
        UpstreamResponseHead response;
        using (var handshakeDeadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            handshakeDeadline.CancelAfter(settings.ReadTimeout);
            try
            {
                await upstream.WriteAsync(UpstreamRequestHead.Build(context.Request, "websocket", addKey: upgrade.IsExtendedConnect), handshakeDeadline.Token)
                    .ConfigureAwait(false);
                response = await UpstreamResponseHead.ReadAsync(upstream, settings.MaxResponseHeadBytes, handshakeDeadline.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or OperationCanceledException)
            {
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return null;
                }

                var timedOut = exception is OperationCanceledException;
                if (timedOut)
                {
                    metrics.Timeout(route.Id, "read");
                }

                var reason = timedOut ? $"upstream sent no response within the read timeout ({settings.ReadTimeout.TotalSeconds:0.###} s)" : exception.Message;
                destination.RecordFailure();
                ProxyLog.UpstreamHandshakeFailed(logger, route.Id, destination.Id, reason);
                await RefuseAsync(context, route.Id, "upstream_failed", StatusCodes.Status502BadGateway, $"upstream {destination.Id}: {reason}").ConfigureAwait(false);
                return null;
            }
        }

        if (response.StatusCode != StatusCodes.Status101SwitchingProtocols)
        {
            ProxyLog.UpstreamRefusedUpgrade(logger, route.Id, destination.Id, response.StatusCode);
            metrics.Request(route.Id, "refused_by_upstream", response.StatusCode);
            await RelayRefusalAsync(context, response, upstream).ConfigureAwait(false);
            return null;
        }

        // HTTP/2 has no Upgrade or Sec-WebSocket-Accept: the client of an extended CONNECT gets a plain 200.
        CopyResponseHeaders(response, context.Response, keepUpgrade: !upgrade.IsExtendedConnect);
        if (upgrade.IsExtendedConnect)
        {
            context.Response.Headers.Remove("Sec-WebSocket-Accept");
        }

        var client = await upgrade.AcceptAsync().ConfigureAwait(false);
        metrics.Request(route.Id, upgrade.IsExtendedConnect ? "upgraded_h2" : "upgraded",
            upgrade.IsExtendedConnect ? StatusCodes.Status200OK : StatusCodes.Status101SwitchingProtocols);
        if (!response.Remainder.IsEmpty)
        {
            // Frames the upstream sent right behind its 101 arrived with the head: they go first.
            await client.WriteAsync(response.Remainder, context.RequestAborted).ConfigureAwait(false);
        }

        return client;
    }

    private async Task RelayAsync(HttpContext context, ProxyRoute route, Destination destination, Stream client, Stream upstream, ProxyOptions settings)
    {
        var traffic = new TunnelTraffic();
        var clientAddress = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        using var listed = registry.Register(route.Id, destination.Id, clientAddress, traffic);
        metrics.TunnelOpened(route.Id, destination.Id);
        var started = timeProvider.GetTimestamp();

        // The drain ends the tunnel through its end request (1001 to both sides).
        var relay = new RelaySettings(
            settings.ReadTimeout, settings.SendTimeout, settings.IdleTimeout, route.Mode == RelayMode.Frames, route.MaxMessageBytes,
            settings.KeepAlivePing.Interval, settings.KeepAlivePing.Timeout);
        // An upstream that vanishes while its health probe says it is down is restarting: the client gets 1012.
        var result = await DuplexRelay.RunAsync(
            client, upstream, traffic, relay, watchdog, timeProvider, () => listed.EndReason, () => !destination.IsActivelyHealthy, context.RequestAborted, listed.EndRequested)
            .ConfigureAwait(false);

        var duration = timeProvider.GetElapsedTime(started);
        metrics.TunnelEnded(route.Id, destination.Id, result, traffic, duration, countsMessages: relay.InspectFrames);
        ProxyLog.TunnelEnded(logger, route.Id, destination.Id, result.Reason, duration.TotalSeconds, traffic.ClientToUpstream.Bytes, traffic.UpstreamToClient.Bytes,
            result.CloseSentToClient, result.CloseSentToUpstream, result.Error?.Message);
    }

    /// <summary>Issues the affinity cookie when the destination that serves the request is not the one the cookie named.</summary>
    private static void PinIfSticky(HttpContext context, ProxyRoute route, Destination destination)
    {
        if (route.Selector is StickyCookieSelector sticky && !ReferenceEquals(sticky.PinnedDestination(context), destination))
        {
            context.Response.Cookies.Append(sticky.CookieName, destination.Id, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });
        }
    }

    private static async Task RelayRefusalAsync(HttpContext context, UpstreamResponseHead response, Stream upstream)
    {
        context.Response.StatusCode = response.StatusCode;
        CopyResponseHeaders(response, context.Response, keepUpgrade: false);
        var body = await RefusalBody.ReadAsync(response, upstream, MaxRelayedRefusalBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body.Length > 0)
        {
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void CopyResponseHeaders(UpstreamResponseHead response, HttpResponse target, bool keepUpgrade)
    {
        var connection = string.Join(',', response.Headers.Where(h => h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));
        foreach (var (name, value) in response.Headers)
        {
            var isUpgrade = name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase);
            if ((isUpgrade && keepUpgrade) || (!HopByHopHeaders.IsHopByHop(name, connection) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
            {
                target.Headers.Append(name, value);
            }
        }
    }

    private Task RefuseAsync(HttpContext context, string routeId, string outcome, int statusCode, string reason) =>
        Refusal.WriteAsync(context, logger, metrics, routeId, outcome, statusCode, reason);
}
