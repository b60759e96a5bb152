using System.Net;
using System.Net.Sockets;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// An HTTP invoker whose connections leave from one copy's own loopback address, so a target balancing on the client's
/// address (nginx's <c>ip_hash</c>, HAProxy's <c>balance source</c>) sees separate clients. Kept per copy.
/// </summary>
internal static class ClientAddressInvoker
{
    private const string DataKey = "client-address-invoker";

    /// <summary>The copy's invoker (holding its <paramref name="cookies"/>), or null when <see cref="RunSettings.ClientAddresses"/> leaves the address to the system.</summary>
    public static HttpMessageInvoker? For(IScenarioContext context, RunSettings settings, CookieContainer cookies)
    {
        if (settings.ClientAddresses <= 0)
        {
            return null;
        }

        if (!context.Data.TryGetValue(DataKey, out var invoker))
        {
            var address = IPAddress.Parse($"127.0.0.{2 + (context.ScenarioInstanceNumber % settings.ClientAddresses)}");
            context.Data[DataKey] = invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                UseCookies = true,
                CookieContainer = cookies,
                SslOptions = { RemoteCertificateValidationCallback = settings.CertificateValidation },
                ConnectCallback = async (connection, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        socket.Bind(new IPEndPoint(address, 0));
                        await socket.ConnectAsync(connection.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            });
        }

        return (HttpMessageInvoker)invoker;
    }
}
