using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// A raw TCP upstream that records the request head it receives and answers with a scripted response head; then it
/// either closes at once (an upstream that dies) or keeps reading and records what arrives until the proxy closes,
/// meanwhile sending <c>flood</c> over and over when one is given (an upstream that outpaces its client).
/// </summary>
internal sealed class RecordingUpstream : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource<byte[]> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordingUpstream(string responseHead, bool keepOpen = false, byte[]? flood = null)
    {
        _listener.Start();
        Request = AcceptOneAsync(responseHead, keepOpen, flood);
    }

    /// <summary>With keepOpen, the bytes received after the request head, once the proxy closed the connection.</summary>
    public Task<byte[]> Received => _received.Task;

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>The request head, once received.</summary>
    public Task<string> Request { get; }

    private async Task<string> AcceptOneAsync(string responseHead, bool keepOpen, byte[]? flood)
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
        if (keepOpen)
        {
            using var rest = new MemoryStream();
            var flooding = flood is null ? Task.CompletedTask : FloodAsync(stream, flood);
            try
            {
                await stream.CopyToAsync(rest, TestTimeouts.CreateTimer());
            }
            catch (IOException)
            {
                // A proxy that closes with bytes of ours still unread sends a reset, not a FIN; what came before it counts.
            }

            _received.TrySetResult(rest.ToArray());
            await flooding;
        }

        return head.ToString();
    }

    private static async Task FloodAsync(NetworkStream stream, byte[] frame)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        try
        {
            while (true)
            {
                await stream.WriteAsync(frame, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The proxy closed the connection.
        }
    }

    public void Dispose() => _listener.Stop();
}
