using System.Reflection;

namespace WsProxyLab.Peers.Processes;

/// <summary>
/// Finds the build output of a service project referenced with <c>IsServiceProject="true"</c>; Directory.Build.targets
/// embeds its path as <c>[AssemblyMetadata("ServiceProject:{name}", path)]</c> in the referencing assembly.
/// </summary>
public static class ServiceProjectCatalog
{
    private const string MetadataPrefix = "ServiceProject:";

    /// <summary>The path of <paramref name="projectName"/>'s built dll, as recorded in <paramref name="referencingAssembly"/>.</summary>
    public static string GetAssemblyPath(string projectName, Assembly referencingAssembly)
    {
        ArgumentNullException.ThrowIfNull(referencingAssembly);

        var path = referencingAssembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == MetadataPrefix + projectName)?.Value;
        if (path is null)
        {
            throw new InvalidOperationException(
                $"Service project '{projectName}' is not referenced by {referencingAssembly.GetName().Name}. Add " +
                $"<ProjectReference Include=\"…/{projectName}.csproj\" IsServiceProject=\"true\" ReferenceOutputAssembly=\"false\" /> to its project file.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Service project '{projectName}' has not been built: '{path}' does not exist. Build the referencing project (dotnet build) first.", path);
        }

        return path;
    }

    /// <summary>How to start <paramref name="projectName"/>: its native host when it has one, else <c>dotnet</c> with its dll.</summary>
    public static (string Command, string[] Arguments) GetLaunchCommand(string projectName, Assembly referencingAssembly)
    {
        var assemblyPath = GetAssemblyPath(projectName, referencingAssembly);
        var nativeHost = Path.ChangeExtension(assemblyPath, null);
        return File.Exists(nativeHost) ? (nativeHost, []) : ("dotnet", [assemblyPath]);
    }
}
