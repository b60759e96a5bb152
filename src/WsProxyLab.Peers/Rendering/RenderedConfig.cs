namespace WsProxyLab.Peers.Rendering;

/// <summary>A profile rendered for one target: the files it reads, the environment it starts with, and what it could not express.</summary>
/// <param name="Target">The target the rendering is for.</param>
/// <param name="Files">File name (relative to the target's directory) to content.</param>
/// <param name="Environment">Environment variables (configuration of .NET targets).</param>
/// <param name="Notes">Profile features the target renders approximately or not at all.</param>
public sealed record RenderedConfig(
    string Target, IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<CapabilityNote> Notes);
