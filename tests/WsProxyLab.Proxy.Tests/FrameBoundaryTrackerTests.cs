using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

public sealed class FrameBoundaryTrackerTests
{
    [Fact]
    public void FramesSplitAtEveryByte_AreFollowedToTheirBoundaries()
    {
        var tracker = new FrameBoundaryTracker();
        byte[] text = [0x81, 0x03, (byte)'a', (byte)'b', (byte)'c'];
        byte[] masked126 = [0x82, 0x80 | 126, 0x01, 0x00, 1, 2, 3, 4, .. new byte[256]];

        foreach (var b in text.Concat(masked126))
        {
            tracker.Observe([b]);
        }

        Assert.True(tracker.AtBoundary);
        Assert.False(tracker.CloseSeen);
        tracker.Observe(masked126.AsSpan(0, 10));
        Assert.False(tracker.AtBoundary);
    }

    [Fact]
    public void SixtyFourBitLength_IsSkippedWithoutReadingIt()
    {
        var tracker = new FrameBoundaryTracker();

        tracker.Observe([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
        Assert.False(tracker.AtBoundary);
        tracker.Observe(new byte[65536]);

        Assert.True(tracker.AtBoundary);
    }

    [Fact]
    public void CloseFrame_IsSeen()
    {
        var tracker = new FrameBoundaryTracker();

        tracker.Observe(CloseFrame.Build(1000, "bye", masked: true));

        Assert.True(tracker.CloseSeen);
        Assert.True(tracker.AtBoundary);
    }

    [Fact]
    public void LostPosition_IsNeverABoundaryAgain()
    {
        var tracker = new FrameBoundaryTracker();

        tracker.Lose();
        tracker.Observe([0x81, 0x00]);

        Assert.False(tracker.AtBoundary);
    }

    [Fact]
    public void CloseFrameReason_IsCutTo123BytesWithoutSplittingACharacter()
    {
        var frame = CloseFrame.Build(1001, new string('é', 100), masked: false);

        Assert.Equal(0x88, frame[0]);
        Assert.Equal(2 + 122, frame[1]);
        Assert.Equal(2 + 2 + 122, frame.Length);
    }
}
