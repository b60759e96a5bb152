using System.Globalization;
using System.Reflection;
using WsProxyLab.ServiceDefaults;

namespace WsProxyLab.AppHost;

/// <summary>
/// Makes the AppHost stop when the process that launched it dies. Aspire already stops an AppHost whose launching
/// Aspire CLI is gone (<c>ASPIRE_CLI_PID</c>), but <c>dotnet run</c> names no launcher: SIGKILL it and the AppHost, DCP
/// and every resource (nginx and HAProxy host processes, containers) keep running, re-parented to init. Naming
/// <c>dotnet run</c> (or whatever started the AppHost) as the launcher lets Aspire's own orphan detector shut the lab
/// down the graceful way.
/// </summary>
internal static class LauncherWatch
{
    private const string LauncherPidVariable = "ASPIRE_CLI_PID";

    public static void NameParentAsLauncher()
    {
        // Aspire.Hosting.Testing runs this entry point inside the test host: its parent is not the lab's launcher.
        if (Environment.GetEnvironmentVariable(LauncherPidVariable) is not null
            || Assembly.GetEntryAssembly()?.GetName().Name != typeof(LauncherWatch).Assembly.GetName().Name)
        {
            return;
        }

        if (ParentProcess.Id() is { } parent && parent > 1)
        {
            Environment.SetEnvironmentVariable(LauncherPidVariable, parent.ToString(CultureInfo.InvariantCulture));
        }
    }
}
