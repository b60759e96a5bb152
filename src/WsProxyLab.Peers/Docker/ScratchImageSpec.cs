namespace WsProxyLab.Peers.Docker;

/// <summary>
/// A <c>FROM scratch</c> image made from a host binary: the binary, the shared libraries <c>ldd</c> lists for it, extra
/// files copied as they are, empty directories, and minimal passwd/group entries.
/// </summary>
/// <param name="Name">The image name (<c>wsproxylab/nginx-debian</c>); the tag is a digest of the inputs.</param>
/// <param name="Binary">The host binary, copied to the same path.</param>
/// <param name="ExtraFiles">Host files copied to the same path (configuration the binary needs, such as <c>mime.types</c>).</param>
/// <param name="Directories">Empty directories the binary expects.</param>
public sealed record ScratchImageSpec(string Name, string Binary, IReadOnlyList<string> ExtraFiles, IReadOnlyList<string> Directories);
