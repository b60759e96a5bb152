namespace WsProxyLab.Peers.Targets;

/// <summary>The targets the lab can start.</summary>
public enum TargetKind
{
    /// <summary>The baseline: clients go straight to the first replica.</summary>
    Direct,

    /// <summary>The lab's own proxy as a child process.</summary>
    WsProxy,

    /// <summary>nginx in a container through Testcontainers.</summary>
    NginxContainer,

    /// <summary>The host's nginx binary as a child process.</summary>
    NginxProcess,

    /// <summary>HAProxy in a container through Testcontainers.</summary>
    HaproxyContainer,

    /// <summary>The host's HAProxy binary as a child process.</summary>
    HaproxyProcess,

    /// <summary>A minimal YARP 2.3 host as a child process.</summary>
    Yarp,
}
