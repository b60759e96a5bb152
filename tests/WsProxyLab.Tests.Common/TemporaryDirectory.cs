namespace WsProxyLab.Tests.Common;

/// <summary>A fresh directory under the system's temp folder, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wsproxylab-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
