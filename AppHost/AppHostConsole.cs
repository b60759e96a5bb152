using Spectre.Console;
using Spectre.Console.Rendering;

namespace WsProxyLab.AppHost;

/// <summary>
/// The AppHost's one console writer. Child log lines, the orchestrator's events and the resource table all go through
/// it under one lock, so a table is never cut by a line (the framework's console logger writes from its own thread).
/// </summary>
internal static class AppHostConsole
{
    private static readonly Lock Gate = new();

    public static void WriteLine(string line, bool isError = false)
    {
        lock (Gate)
        {
            (isError ? Console.Error : Console.Out).WriteLine(line);
        }
    }

    public static void Write(IRenderable renderable)
    {
        lock (Gate)
        {
            AnsiConsole.Write(renderable);
        }
    }
}
