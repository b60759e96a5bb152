using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using WsProxyLab.Load.Running;

namespace WsProxyLab.LoadTests;

/// <summary>
/// The runner's live figures as OpenTelemetry metrics, exported over OTLP while it runs when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (Aspire sets it for the AppHost's load runs): connections held, messages
/// per second and the last second's p99, per scenario, from the same per-second timeline the live view shows.
/// </summary>
internal sealed class RunnerTelemetry : IDisposable
{
    public const string MeterName = "WsProxyLab.LoadTests";

    private readonly Meter _meter = new(MeterName);
    private readonly MeterProvider? _exporter;
    private readonly Dictionary<string, TimelineSample> _latest = [];
    private readonly Counter<long> _sent;
    private readonly Counter<long> _received;

    public RunnerTelemetry()
    {
        _sent = _meter.CreateCounter<long>("wsproxylab.load.messages.sent", "{message}", "WebSocket messages the runner sent.");
        _received = _meter.CreateCounter<long>("wsproxylab.load.messages.received", "{message}", "WebSocket messages the runner received.");
        _meter.CreateObservableGauge("wsproxylab.load.connections.held", () => Observe(sample => sample.ConnectionsHeld), "{connection}", "WebSocket sessions open.");
        _meter.CreateObservableGauge("wsproxylab.load.messages.rate", () => Observe(sample => (double)sample.MessagesReceived), "{message}/s", "Messages received in the last second.");
        _meter.CreateObservableGauge("wsproxylab.load.latency.p99", () => Observe(sample => sample.P99Microseconds / 1000.0), "ms", "The last second's 99th percentile of successful steps.");
        if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 })
        {
            // The exporter reads the endpoint, protocol, headers and export interval from the standard OTEL_* variables,
            // and the resource (service name and instance id, by which the dashboard knows the resource) from
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
            _exporter = Sdk.CreateMeterProviderBuilder()
                .AddMeter(MeterName)
                .AddOtlpExporter()
                .Build();
        }
    }

    /// <summary>Takes one second of a scenario's timeline.</summary>
    public void Record(string scenario, TimelineSample sample)
    {
        var tag = new KeyValuePair<string, object?>("scenario", scenario);
        _sent.Add(sample.MessagesSent, tag);
        _received.Add(sample.MessagesReceived, tag);
        lock (_latest)
        {
            _latest[scenario] = sample;
        }
    }

    public void Dispose()
    {
        // Flushes the last seconds before the process ends.
        _exporter?.Dispose();
        _meter.Dispose();
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<TimelineSample, T> value) where T : struct
    {
        lock (_latest)
        {
            return [.. _latest.Select(entry => new Measurement<T>(value(entry.Value), new KeyValuePair<string, object?>("scenario", entry.Key)))];
        }
    }
}
