using WsProxyLab.Troubleshooting.Doctor;

namespace WsProxyLab.Troubleshooting.Tests;

/// <summary>How doctor reads what it saw: cut times, event arrivals, refusals.</summary>
public sealed class DoctorReadingTests
{
    [Theory]
    [InlineData(60.2, "nginx's default 'proxy_read_timeout 60s'")]
    [InlineData(58.9, "nginx's default 'proxy_read_timeout 60s'")]
    [InlineData(30.4, "HAProxy's usual 'timeout client 30s'")]
    [InlineData(100.9, "Cloudflare's 100 s idle limit")]
    [InlineData(45.0, null)]
    [InlineData(2.0, null)]
    public void ACutTime_IsMatchedToTheTimeoutThatUsuallyMakesIt(double seconds, string? named)
    {
        var match = KnownTimeouts.Match(TimeSpan.FromSeconds(seconds));

        if (named is null)
        {
            Assert.Null(match);
        }
        else
        {
            Assert.StartsWith(named, match, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EventsSentApart_ThatArriveTogether_AreBuffered_AndStreamedOnesAreNot()
    {
        // Twenty events stamped 100 ms apart on a clock 5 s off doctor's.
        var buffered = Enumerable.Range(0, 20).Select(index => new SseEvent(2_000 + index * 0.1, 5_000_000 + index * 100.0)).ToList();
        var streamed = Enumerable.Range(0, 20).Select(index => new SseEvent(index * 100.0 + 3, 5_000_000 + index * 100.0)).ToList();

        Assert.True(BufferingVerdict.Buffered(BufferingVerdict.MaxHeldBack(buffered)!.Value));
        Assert.InRange(BufferingVerdict.MaxHeldBack(buffered)!.Value, 1_890, 1_900);
        Assert.False(BufferingVerdict.Buffered(BufferingVerdict.MaxHeldBack(streamed)!.Value));
        Assert.Null(BufferingVerdict.MaxHeldBack([new SseEvent(1, null), new SseEvent(2, null)]));
    }

    [Theory]
    [InlineData(400, "missing 'Upgrade: websocket' header", "dropped the hop-by-hop Upgrade and Connection headers")]
    [InlineData(400, "bad request", "refused as malformed")]
    [InlineData(426, "", "'Upgrade Required'")]
    [InlineData(403, "", "an Origin check")]
    [InlineData(404, "", "no route for '/ws/echo'")]
    [InlineData(502, "", "could not get an answer from a backend")]
    [InlineData(504, "", "did not answer the handshake in time")]
    [InlineData(200, "<html>", "a plain 200")]
    public void ARefusal_IsReadForItsLikelyCause(int status, string body, string cause)
    {
        var response = new HandshakeResponse(status, $"HTTP/1.1 {status} X", Array.Empty<string>().ToLookup(header => header), body, TimeSpan.Zero, AcceptValid: false, []);

        var (explained, fix) = HandshakeDiagnosis.Explain(response, new DoctorOptions { Target = new Uri("ws://127.0.0.1:1/ws/echo") });

        Assert.Contains(cause, explained, StringComparison.Ordinal);
        Assert.NotEmpty(fix);
    }

    [Fact]
    public void TheCookieJar_SendsBackNameAndValue_OfTheLatestOfEachCookie()
    {
        var jar = new CookieJar();
        var headers = new[] { ("Set-Cookie", "lab-affinity=r1; Path=/; HttpOnly"), ("Set-Cookie", "other=1"), ("Set-Cookie", "lab-affinity=r2") }
            .ToLookup(header => header.Item1, header => header.Item2, StringComparer.OrdinalIgnoreCase);

        jar.Take(new HandshakeResponse(101, "HTTP/1.1 101", headers, string.Empty, TimeSpan.Zero, AcceptValid: true, []));

        Assert.Equal("lab-affinity=r2; other=1", jar.Header());
    }

    [Theory]
    [InlineData(90, 25)]
    [InlineData(4.5, 1.5)]
    public void KeepAlives_AreSentAtAThirdOfTheIdleTime_AtMostEvery25Seconds(double idle, double interval)
    {
        Assert.Equal(TimeSpan.FromSeconds(interval), IdleChecks.KeepAliveInterval(TimeSpan.FromSeconds(idle)));
    }
}
