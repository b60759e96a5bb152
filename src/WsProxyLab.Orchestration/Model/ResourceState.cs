namespace WsProxyLab.Orchestration.Model;

/// <summary>A resource's lifecycle state, with Aspire's names.</summary>
public enum ResourceState
{
    /// <summary>Declared, not yet started.</summary>
    NotStarted,

    /// <summary>Waiting for the resources it waits for to be running.</summary>
    Waiting,

    /// <summary>Process launched; waiting for its health check.</summary>
    Starting,

    /// <summary>Started and healthy.</summary>
    Running,

    /// <summary>Process alive but its health check fails.</summary>
    RuntimeUnhealthy,

    /// <summary>A stop was requested and is under way.</summary>
    Stopping,

    /// <summary>The process exited without being asked to.</summary>
    Exited,

    /// <summary>The process ended after a requested stop.</summary>
    Finished,

    /// <summary>The process could not be launched, exited before it was healthy, or a dependency failed.</summary>
    FailedToStart,
}
