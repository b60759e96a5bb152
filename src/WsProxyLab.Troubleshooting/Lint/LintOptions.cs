namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>What the configuration is meant to carry; the checks that need a figure run only when it is given.</summary>
public sealed record LintOptions
{
    /// <summary>The WebSocket connections the proxy must hold at once (each tunnel takes two sockets); null skips the capacity checks.</summary>
    public int? Connections { get; init; }

    /// <summary>What <c>worker_processes auto</c> means: the processor count of the machine nginx runs on.</summary>
    public int ProcessorCount { get; init; } = Environment.ProcessorCount;
}
