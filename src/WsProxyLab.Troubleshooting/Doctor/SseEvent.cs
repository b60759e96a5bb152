namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>A server-sent event as it arrived: when (on doctor's clock) and the server's own timestamp, in milliseconds, when its data carries one.</summary>
internal sealed record SseEvent(double ArrivedMilliseconds, double? ServerMilliseconds);
