namespace WsProxyLab.Proxy.Configuration;

/// <summary>The certificate for <c>https://</c>/<c>wss://</c> listeners: PEM files or a PFX. The files are watched and reloaded without dropping tunnels.</summary>
public sealed record TlsConfig
{
    /// <summary>PEM certificate (chain) file.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>PEM private key file, used with <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>PKCS#12 file, instead of the PEM pair.</summary>
    public string? PfxPath { get; init; }

    /// <summary>Password of <see cref="PfxPath"/>.</summary>
    public string? PfxPassword { get; init; }

    /// <summary>Whether any certificate source is configured.</summary>
    public bool IsConfigured => CertificatePath is not null || PfxPath is not null;
}
