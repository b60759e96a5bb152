using WsProxyLab.Troubleshooting.Lint;
using WsProxyLab.Troubleshooting.Lint.Haproxy;

namespace WsProxyLab.Troubleshooting.Tests;

public sealed class HaproxyParserTests
{
    [Fact]
    public void Sections_TakeTheirLines_WithQuotesEscapesAndCommentsResolved()
    {
        var config = HaproxyParser.ParseText("""
            # comment before any section
            global
                maxconn 5000   # trailing comment
            defaults web
                mode http
            frontend fe from web
                http-request set-header X-Note "a # b; \"c\""
                acl is_ws hdr(Upgrade) -i 'web socket'
                bind :80 name plain\ port
            backend be
                server r0 127.0.0.1:1
            """, "/tmp/haproxy.cfg");

        Assert.Equal(["global", "defaults", "frontend", "backend"], config.Sections.Select(section => section.Kind));
        var frontend = config.Sections[2];
        Assert.Equal(("fe", "web"), (frontend.Name, frontend.From));
        Assert.Equal(["http-request", "set-header", "X-Note", "a # b; \"c\""], frontend.Lines[0].Words);
        Assert.Equal("web socket", frontend.Lines[1].Word(4));
        Assert.Equal(["bind", ":80", "name", "plain port"], frontend.Lines[2].Words);
        Assert.Equal(7, frontend.Lines[0].Location.Line);
        Assert.Equal(["maxconn", "5000"], config.Global!.Lines.Single().Words);
    }

    [Fact]
    public void AProxy_TakesTheLastDefaultsBeforeIt_OrTheOneItsFromNames()
    {
        var config = HaproxyParser.ParseText("""
            defaults first
                timeout tunnel 1h
            defaults second
                timeout client 30s
            backend takes_second
                server r0 127.0.0.1:1
            backend takes_first from first
                server r0 127.0.0.1:1
            """, "/tmp/haproxy.cfg");

        Assert.Equal("second", config.DefaultsOf(config.Sections[2])!.Name);
        Assert.Null(config.Effective(config.Sections[2], "timeout", "tunnel"));
        Assert.Equal("1h", config.Effective(config.Sections[3], "timeout", "tunnel")!.Word(2));
    }

    [Theory]
    [InlineData("maxconn 10\nglobal\n", "unknown keyword 'maxconn' out of section.", 1)]
    [InlineData("global\n  log \"stderr local0\n", "unmatched quote at position 7", 2)]
    public void SyntaxErrors_NameTheLine_AsHaproxySaysIt(string text, string message, int line)
    {
        var error = Assert.Throws<ConfigSyntaxException>(() => HaproxyParser.ParseText(text, "/tmp/haproxy.cfg"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Location.Line);
    }
}
