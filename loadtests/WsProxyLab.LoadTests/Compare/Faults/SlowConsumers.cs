using System.Net.Sockets;

namespace WsProxyLab.LoadTests.Compare.Faults;

/// <summary>
/// Clients that ask <c>/ws/source</c> for a fast stream and never read it: the target must bound what it buffers for
/// them and end them by its send timeout, while everyone else is served as before. At the end each is read out, fast,
/// to learn whether the target ended it (EOF or reset) or still held it open.
/// </summary>
internal sealed class SlowConsumers(int count, int rate, int size)
{
    private static readonly TimeSpan ReadOutBudget = TimeSpan.FromSeconds(5);

    private readonly List<Socket> _sockets = [];

    public int Opened => _sockets.Count;

    public int Refused { get; private set; }

    public async Task OpenAsync(Uri target, CancellationToken cancellationToken)
    {
        for (var index = 0; index < count; index++)
        {
            try
            {
                _sockets.Add(await RawUpgrade.OpenAsync(target, $"/ws/source?rate={rate}&size={size}", receiveBufferBytes: 4096, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is IOException or SocketException)
            {
                Refused++;
            }
        }
    }

    /// <summary>How many the target had ended; every socket is closed after.</summary>
    public async Task<int> CountEndedAsync()
    {
        using var budget = new CancellationTokenSource(ReadOutBudget);
        var ended = await Task.WhenAll(_sockets.Select(socket => SocketEnd.EndedAsync(socket, 256 * 1024, budget.Token))).ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _sockets.Clear();
        return ended.Count(end => end);
    }
}
