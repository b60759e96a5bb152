using Microsoft.Extensions.Logging;

namespace WsProxyLab.Peers.Targets;

/// <summary>The peers' log messages.</summary>
internal static partial class PeersLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Testcontainers: {Change}")]
    public static partial void TestcontainersConfigured(ILogger logger, string change);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Target} runs image {Image}")]
    public static partial void ContainerImage(ILogger logger, string target, string image);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Removed container {ContainerId}: the process that started it is gone")]
    public static partial void OrphanRemoved(ILogger logger, string containerId);
}
