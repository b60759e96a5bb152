using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Diagnostics;

/// <summary>
/// Kestrel enforces the handshake timeout (its request-headers timeout) and reports each connection it ends on its own
/// meter. This listener picks those ends out of this host's Kestrel meter, so they are counted as <c>handshake</c>
/// timeouts and logged with the client's address, like the proxy's own timeouts.
/// </summary>
internal sealed class HandshakeTimeoutObserver(IMeterFactory meterFactory, ProxyMetrics metrics, IOptions<ProxyOptions> options, ILogger<HandshakeTimeoutObserver> logger)
    : IHostedService, IDisposable
{
    private const string KestrelMeterName = "Microsoft.AspNetCore.Server.Kestrel";
    private const string ConnectionDurationInstrument = "kestrel.connection.duration";
    private const string HeadersTimeoutEndReason = "request_headers_timeout";

    private readonly MeterListener _listener = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Every host in a process has its own Kestrel meter; Scope tells this host's apart.
            if (instrument.Meter.Name == KestrelMeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == ConnectionDurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnConnectionEnded);
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void OnConnectionEnded(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? endReason = null;
        string? peer = null;
        foreach (var (key, value) in tags)
        {
            if (key == "error.type")
            {
                endReason = value as string;
            }
            else if (key == "network.peer.address")
            {
                peer = value as string;
            }
        }

        if (endReason == HeadersTimeoutEndReason)
        {
            metrics.Timeout(route: "", kind: "handshake");
            ProxyLog.HandshakeTimedOut(logger, peer ?? "unknown", options.Value.HandshakeTimeout.TotalSeconds, seconds);
        }
    }
}
