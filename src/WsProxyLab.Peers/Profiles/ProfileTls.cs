namespace WsProxyLab.Peers.Profiles;

/// <summary>The certificate a target terminates <c>wss://</c> with: PEM files, as the lab CA makes them.</summary>
/// <param name="CertificatePath">The server certificate (PEM).</param>
/// <param name="KeyPath">Its private key (PEM).</param>
public sealed record ProfileTls(string CertificatePath, string KeyPath);
