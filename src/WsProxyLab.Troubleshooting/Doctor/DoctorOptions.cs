using System.Security.Cryptography.X509Certificates;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>What doctor probes and how long it may take; every wait is bounded by one of these.</summary>
public sealed record DoctorOptions
{
    /// <summary>The endpoint: <c>ws://</c> or <c>wss://</c>.</summary>
    public required Uri Target { get; init; }

    /// <summary>The <c>Origin</c> to send, as a browser would; null sends none.</summary>
    public string? Origin { get; init; }

    /// <summary>Certificates a <c>wss://</c> chain may end in besides the system's roots (a lab CA).</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>How long the idle connections are held.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How many times a client reconnects with its cookies, to see where it lands.</summary>
    public int Reconnects { get; init; } = 20;

    /// <summary>A Server-Sent Events URL (<c>http://</c> or <c>https://</c>) to check for buffering; null skips the check.</summary>
    public Uri? Sse { get; init; }

    /// <summary>The longest any single step (a connect, a handshake, an answer) may take.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages timed for the echo round trip.</summary>
    public int EchoMessages { get; init; } = 100;

    /// <summary>How long the SSE check listens.</summary>
    public TimeSpan SseListen { get; init; } = TimeSpan.FromSeconds(5);
}
