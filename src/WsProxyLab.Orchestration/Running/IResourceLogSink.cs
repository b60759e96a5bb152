namespace WsProxyLab.Orchestration.Running;

/// <summary>Receives every line a resource's process prints.</summary>
public interface IResourceLogSink
{
    /// <summary>One line of <paramref name="instance"/>'s standard output or, when <paramref name="isError"/>, standard error.</summary>
    void Write(ResourceInstance instance, string line, bool isError);
}
