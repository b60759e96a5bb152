using System.Net.Security;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>Opens a connection to the endpoint and sends the Upgrade; the caller owns what comes back.</summary>
internal static class WebSocketOpener
{
    public static readonly SslApplicationProtocol[] Http11Only = [SslApplicationProtocol.Http11];

    /// <summary>The connection and the answer; a 101 comes with its <see cref="DoctorSocket"/>, anything else with the connection already closed.</summary>
    public static async Task<(HandshakeResponse Response, DoctorSocket? Socket)> OpenAsync(
        DoctorOptions options, string? cookies, bool offerDeflate, CancellationToken cancellationToken)
    {
        var connection = await EndpointConnection.OpenAsync(options.Target, Http11Only, options.StepTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await HandshakeExchange.SendAsync(connection.Stream, options.Target, options.Origin, cookies, offerDeflate, options.StepTimeout, cancellationToken).ConfigureAwait(false);
            if (response.IsWebSocket)
            {
                return (response, new DoctorSocket(connection, response));
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            return (response, null);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
