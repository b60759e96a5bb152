using System.Diagnostics;
using WsProxyLab.Orchestration.Model;

namespace WsProxyLab.AppHost;

/// <summary>
/// The lab CA and the proxy's server certificate for <c>wss://</c>, made by the proxy's own <c>certs</c> command before
/// the stack starts, so TLS needs no manual step. Clients trust <see cref="CaCertificate"/>.
/// </summary>
internal sealed record LabCertificateFiles(string CaCertificate, string ServerCertificate, string ServerKey)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public static async Task<LabCertificateFiles> CreateAsync(string directory, CancellationToken cancellationToken)
    {
        var (command, arguments) = ServiceProjectCatalog.GetLaunchCommand("WsProxyLab.Proxy", typeof(LabCertificateFiles).Assembly);
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments.Concat(["certs", "--out", directory]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'WsProxyLab.Proxy certs --out {directory}' exited with {process.ExitCode}: {await errors.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }

        return new LabCertificateFiles(Path.Combine(directory, "ca.pem"), Path.Combine(directory, "server.pem"), Path.Combine(directory, "server.key"));
    }
}
