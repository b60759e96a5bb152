using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Tls;

/// <summary>
/// The listener certificate, reloaded when its files change. A new certificate serves new handshakes only; tunnels
/// already established keep their TLS session, so a rotation drops nothing.
/// </summary>
internal sealed partial class CertificateStore : IDisposable
{
    private static readonly TimeSpan ReloadDebounce = TimeSpan.FromMilliseconds(250);

    private readonly TlsConfig _config;
    private readonly ILogger<CertificateStore> _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _reloadLock = new();
    private X509Certificate2? _current;
    private Timer? _debounce;

    public CertificateStore(IOptions<ProxyOptions> options, ILogger<CertificateStore> logger)
    {
        _config = options.Value.Tls;
        _logger = logger;
        if (!_config.IsConfigured)
        {
            return;
        }

        _current = Load(_config);
        var watched = Path.GetFullPath(_config.PfxPath ?? _config.CertificatePath!);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(watched)!) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
        _watcher.Changed += (_, _) => ScheduleReload();
        _watcher.Created += (_, _) => ScheduleReload();
        _watcher.Renamed += (_, _) => ScheduleReload();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The certificate new handshakes get; null when TLS is not configured.</summary>
    public X509Certificate2? Current => Volatile.Read(ref _current);

    /// <summary>Raised after a successful reload (tests wait on it).</summary>
    public event Action? Reloaded;

    internal static X509Certificate2 Load(TlsConfig config)
    {
        if (config.PfxPath is not null)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(config.PfxPath, config.PfxPassword);
        }

        using var pem = X509Certificate2.CreateFromPemFile(config.CertificatePath!, config.KeyPath);
        // SslStream on Linux needs the key in an exportable, non-ephemeral form: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private void ScheduleReload()
    {
        lock (_reloadLock)
        {
            // Editors and cp write in several steps: reload once the files have settled.
            _debounce?.Dispose();
            _debounce = new Timer(_ => Reload(), null, ReloadDebounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Reload()
    {
        try
        {
            var fresh = Load(_config);
            Interlocked.Exchange(ref _current, fresh);
            CertificateReloaded(_logger, fresh.Subject, fresh.NotAfter);
            Reloaded?.Invoke();
        }
        catch (Exception exception) when (exception is IOException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // A half-written or wrong file: keep serving the certificate that works.
            CertificateReloadFailed(_logger, exception.Message);
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Reloaded the TLS certificate {Subject} (valid until {NotAfter})")]
    private static partial void CertificateReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "TLS certificate reload failed, still serving the previous one: {Reason}")]
    private static partial void CertificateReloadFailed(ILogger logger, string reason);
}
