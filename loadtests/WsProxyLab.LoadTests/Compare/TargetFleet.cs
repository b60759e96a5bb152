using Microsoft.Extensions.Logging;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// Every target of the run, started from the base profile (and from each variant a measurement asks for, on first
/// need), kept running to the end and stopped together. A target that cannot start is remembered with its reason.
/// </summary>
internal sealed class TargetFleet(ProxyProfile baseProfile, SuiteScale scale, bool containers, string workDirectory, Uri directSecureUpstream, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly Dictionary<(string Target, string Variant), (IPeerTarget? Target, string? Unavailable)> _started = [];
    private readonly Dictionary<string, ProxyProfile> _variants = new(StringComparer.Ordinal);

    /// <summary>Every variant started so far, by name.</summary>
    public IReadOnlyDictionary<string, ProxyProfile> Variants => _variants;

    /// <summary>The target's instance for <paramref name="variant"/>, started if need be, or why it cannot run.</summary>
    public async Task<(IPeerTarget? Target, string? Unavailable)> GetAsync(string target, ProfileVariant variant, CancellationToken cancellationToken)
    {
        if (_started.TryGetValue((target, variant.Name), out var known))
        {
            return known;
        }

        var profile = _variants.TryGetValue(variant.Name, out var derived) ? derived : _variants[variant.Name] = variant.Apply(baseProfile, scale);
        IPeerTarget? peer = null;
        try
        {
            peer = PeerTargets.Create(CompareTargets.KindOf(target, containers), profile, new PeerTargetOptions
            {
                WorkDirectory = Path.Combine(workDirectory, "targets", variant.Name),
                LoggerFactory = loggerFactory,
                DirectSecureUpstream = directSecureUpstream,
            });
            await peer.StartAsync(cancellationToken).ConfigureAwait(false);
            return _started[(target, variant.Name)] = (peer, null);
        }
        catch (Exception exception) when (exception is PeerUnavailableException or ArgumentException or InvalidOperationException or IOException)
        {
            if (peer is not null)
            {
                await peer.DisposeAsync().ConfigureAwait(false);
            }

            return _started[(target, variant.Name)] = (null, exception.Message);
        }
    }

    /// <summary>What each target cannot fully express of each variant started, as the renderers say.</summary>
    public IReadOnlyList<(string Variant, CapabilityMatrix Matrix)> CapabilityMatrices()
    {
        var scratch = Path.Combine(workDirectory, "capabilities");
        Directory.CreateDirectory(scratch);
        return [.. _variants.Select(variant => (variant.Key, CapabilityMatrix.For(variant.Value with { ListenPort = 1, TlsListenPort = variant.Value.Tls is null ? null : 2 }, scratch)))];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (target, _) in _started.Values)
        {
            if (target is not null)
            {
                await target.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
