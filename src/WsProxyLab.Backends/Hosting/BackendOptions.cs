namespace WsProxyLab.Backends.Hosting;

/// <summary>Settings of one backend replica, bound from the <c>Backend</c> configuration section.</summary>
public sealed class BackendOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Backend";

    /// <summary>Stable replica id sent in <c>X-Backend-Instance</c>; empty means <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c>, else <c>backend-{port}</c>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Largest WebSocket message accepted; a larger one is closed with 1009.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Messages kept per chat room for replay to a resuming client.</summary>
    public int ChatReplayCapacity { get; set; } = 1000;

    /// <summary>Messages queued to one chat member before it is closed as too slow (1008).</summary>
    public int ChatSendQueueCapacity { get; set; } = 4096;

    /// <summary>How long a disconnected chat session can still be resumed.</summary>
    public TimeSpan ChatSessionRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Interval of the server's keep-alive frames; zero (the default) keeps idle sockets truly idle, so proxy read timeouts can be observed.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.Zero;

    /// <summary>How long a graceful stop waits for clients to answer the 1001 close before aborting their sockets.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
