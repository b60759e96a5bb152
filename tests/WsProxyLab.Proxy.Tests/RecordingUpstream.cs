using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WsProxyLab.Proxy.Tests;

/// <summary>A raw TCP upstream that records the request head it receives and answers with a scripted response head.</summary>
internal sealed class RecordingUpstream : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public RecordingUpstream(string responseHead)
    {
        _listener.Start();
        Request = AcceptOneAsync(responseHead);
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>The request head, once received.</summary>
    public Task<string> Request { get; }

    private async Task<string> AcceptOneAsync(string responseHead)
    {
        using var client = await _listener.AcceptTcpClientAsync(TestTimeouts.CreateTimer());
        var stream = client.GetStream();
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) > 0)
        {
            head.Append((char)one[0]);
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead));
        return head.ToString();
    }

    public void Dispose() => _listener.Stop();
}
