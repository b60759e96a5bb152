using System.Text;
using CsCheck;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

/// <summary>The close frames the proxy writes: for any status and any reason, a valid control frame a peer can read back.</summary>
public sealed class CloseFrameProperties
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public void AnyStatusAndReason_MakeOneFinalCloseFrame_WithTheStatus_AndAReasonCutOnlyAtACharacterBoundary() =>
        Gen.Select(Gen.Int[1000, 4999], Gen.String, Gen.Bool).Sample((status, reason, masked) =>
        {
            var frame = CloseFrame.Build(status, reason, masked);

            Assert.Equal(0x88, frame[0]);
            Assert.InRange(frame.Length, 4, 2 + 4 + 125);
            var (readStatus, readReason, readMasked) = WrittenFrames.SingleClose(frame);
            Assert.Equal(status, readStatus);
            Assert.Equal(masked, readMasked);
            var reasonBytes = Encoding.UTF8.GetBytes(readReason);
            // Valid UTF-8 (a peer must fail the connection otherwise), and a prefix of what was asked for.
            Assert.Equal(readReason, StrictUtf8.GetString(reasonBytes));
            var whole = Encoding.UTF8.GetBytes(reason);
            Assert.True(whole.AsSpan().StartsWith(reasonBytes), "the reason sent is a prefix of the reason given");
            Assert.True(whole.Length <= 123 ? reasonBytes.Length == whole.Length : reasonBytes.Length > 123 - 4, $"{reasonBytes.Length} of {whole.Length} bytes kept");
        }, iter: 2000);
}
