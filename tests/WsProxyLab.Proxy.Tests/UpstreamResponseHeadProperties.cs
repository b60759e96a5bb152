using System.Text;
using CsCheck;
using WsProxyLab.Proxy.Forwarding;

namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// The proxy's parser of upstream handshake answers: any split of a valid head into reads parses the same, any bytes
/// at all give a head or the documented <see cref="InvalidDataException"/>, and a head that never ends costs no more
/// memory than its limit, however long the upstream keeps sending.
/// </summary>
public sealed class UpstreamResponseHeadProperties
{
    private const int MaxHeadBytes = 8192;

    private static readonly Gen<string> Token = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"].Array[1, 20].Select(chars => new string(chars));

    private static readonly Gen<string> HeaderValue = Gen.Char[" !#$%&'()*+,-./0123456789:;<=>?@ABCXYZabcxyz[]^_`{|}~"].Array[0, 60]
        .Select(chars => new string(chars).Trim());

    [Fact]
    public void AValidHead_ParsesTheSame_HoweverItIsSplitIntoReads_AndNoByteAfterItIsLost() =>
        Gen.Select(Gen.Int[100, 599], Token, Gen.Select(Token, HeaderValue).Array[0, 12], Gen.Byte.Array[0, 300], GeneratedFrame.ReadSizes)
            .SampleAsync(async (status, reason, headers, after, readSizes) =>
            {
                var head = $"HTTP/1.1 {status} {reason}\r\n{string.Concat(headers.Select(header => $"{header.Item1}: {header.Item2}\r\n"))}\r\n";
                var upstream = new SplitReadStream([.. Encoding.ASCII.GetBytes(head), .. after], readSizes);

                var parsed = await UpstreamResponseHead.ReadAsync(upstream, MaxHeadBytes, CancellationToken.None);

                Assert.Equal(status, parsed.StatusCode);
                Assert.Equal(reason, parsed.ReasonPhrase);
                Assert.Equal(headers.Select(header => new KeyValuePair<string, string>(header.Item1, header.Item2)), parsed.Headers);
                var rest = new MemoryStream();
                await upstream.CopyToAsync(rest);
                Assert.Equal(after, (byte[])[.. parsed.Remainder.ToArray(), .. rest.ToArray()]);
            }, iter: 500);

    [Fact]
    public void AnyBytesAtAll_GiveAHeadOrInvalidDataException_NothingElse() =>
        Gen.Select(Gen.Byte.Array[0, 3000], GeneratedFrame.ReadSizes, Gen.Bool).SampleAsync(async (bytes, readSizes, startLikeAHead) =>
        {
            byte[] input = startLikeAHead ? [.. "HTTP/1.1 "u8, .. bytes] : bytes;
            try
            {
                var parsed = await UpstreamResponseHead.ReadAsync(new SplitReadStream(input, readSizes), 1024, CancellationToken.None);
                Assert.InRange(parsed.StatusCode, 100, 599);
            }
            catch (InvalidDataException exception)
            {
                Assert.StartsWith("upstream ", exception.Message, StringComparison.Ordinal);
            }
        }, iter: 2000);

    [Fact]
    public async Task AHeadThatNeverEnds_IsRefusedAtTheLimit_HavingAllocatedAboutTheLimitNotTheInput()
    {
        // 16 MiB of header line without a blank line, in 64 KiB reads.
        var endless = new SplitReadStream(Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nX: " + new string('a', 16 << 20)), [64 * 1024]);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var refusal = await Assert.ThrowsAsync<InvalidDataException>(() => UpstreamResponseHead.ReadAsync(endless, MaxHeadBytes, CancellationToken.None));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal($"upstream response head exceeds {MaxHeadBytes} bytes", refusal.Message);
        Assert.True(allocated < 4 * MaxHeadBytes, $"{allocated} bytes allocated for a head limited to {MaxHeadBytes}");
        Assert.True(endless.Position <= MaxHeadBytes, $"read {endless.Position} bytes past a {MaxHeadBytes}-byte limit");
    }
}
