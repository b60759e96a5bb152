using Microsoft.Extensions.Logging;
using WsProxyLab.Orchestration.Model;

namespace WsProxyLab.Orchestration.Running;

/// <summary>Source-generated log messages of the orchestrator; event ids are stable.</summary>
internal static partial class OrchestrationLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Resource}: {Previous} -> {Current}{Detail}")]
    public static partial void StateChanged(ILogger logger, string resource, ResourceState previous, ResourceState current, string detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "{Resource} {Outcome} (exit code {ExitCode}); last log lines:{LastLines}")]
    public static partial void ProcessEnded(ILogger logger, string resource, string outcome, int exitCode, string lastLines);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "{Resource} failed to start: {Reason}")]
    public static partial void FailedToLaunch(ILogger logger, string resource, string reason);
}
