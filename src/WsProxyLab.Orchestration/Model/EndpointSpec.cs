namespace WsProxyLab.Orchestration.Model;

/// <summary>An endpoint a resource listens on; each replica gets its own free port on 127.0.0.1.</summary>
/// <param name="Name">Endpoint name used in references (<c>services__{resource}__{Name}__{index}</c>).</param>
/// <param name="Scheme">URL scheme, <c>http</c> or <c>https</c>.</param>
/// <param name="PortEnvironmentVariable">Variable that receives the port (for executables that do not read ASPNETCORE_URLS), or null.</param>
public sealed record EndpointSpec(string Name, string Scheme, string? PortEnvironmentVariable = null);
