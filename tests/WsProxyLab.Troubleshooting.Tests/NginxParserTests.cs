using WsProxyLab.Troubleshooting.Lint;
using WsProxyLab.Troubleshooting.Lint.Nginx;

namespace WsProxyLab.Troubleshooting.Tests;

public sealed class NginxParserTests
{
    [Fact]
    public void NestedBlocks_KeepTheirParents_ArgumentsAndLines()
    {
        var config = NginxParser.ParseText("""
            http {
                server {
                    listen 80;
                    location /a {
                        location /a/b {
                            proxy_pass http://up;
                        }
                    }
                }
            }
            """, "/tmp/nested.conf");

        var inner = config.All().Single(directive => directive.Name == "location" && directive.FirstArgument == "/a/b");
        Assert.Equal(5, inner.Location.Line);
        Assert.Equal(["location", "server", "http", ""], inner.Parent!.SelfAndAncestors().Select(block => block.Name));
        Assert.Equal(6, inner.Named("proxy_pass").Single().Location.Line);
        Assert.Equal("http://up", inner.Named("proxy_pass").Single().FirstArgument);
    }

    [Fact]
    public void QuotedStrings_KeepSemicolonsAndHashes_AndComments_AreSkipped()
    {
        var config = NginxParser.ParseText("""
            # a comment; with { braces }
            add_header X-A "one; two # three" always; # trailing
            add_header X-B 'it\'s' ;
            return 200 a#b;
            """, "/tmp/quotes.conf");

        var directives = config.Main.Children;
        Assert.Equal(["add_header", "add_header", "return"], directives.Select(directive => directive.Name));
        Assert.Equal(["X-A", "one; two # three", "always"], directives[0].Arguments);
        Assert.Equal(2, directives[0].Location.Line);
        Assert.Equal("it's", directives[1].Arguments[1]);
        // '#' starts a comment only where a word could start.
        Assert.Equal(["200", "a#b"], directives[2].Arguments);
    }

    [Fact]
    public void MapBlocks_AndVariablesInBraces_Parse_AsEntries()
    {
        var config = NginxParser.ParseText("""
            http {
                map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ''      close;
                }
                log_format main '${remote_addr} ${request}';
                proxy_set_header X-Id ${request_id}x;
            }
            """, "/tmp/map.conf");

        var map = config.All().Single(directive => directive.Name == "map");
        Assert.Equal(["$http_upgrade", "$connection_upgrade"], map.Arguments);
        Assert.Equal([("default", "upgrade"), ("", "close")], map.Children.Select(entry => (entry.Name, entry.FirstArgument)));
        Assert.Equal("${request_id}x", config.All().Single(directive => directive.Name == "proxy_set_header").Arguments[1]);
    }

    [Fact]
    public void IncludeGlobs_SpliceEveryMatch_InSortedOrder_WithTheirOwnFilesAndLines()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(directory.Path, "conf.d"));
        File.WriteAllText(Path.Combine(directory.Path, "conf.d", "b.conf"), "\n\nlocation /b { proxy_pass http://b; }\n");
        File.WriteAllText(Path.Combine(directory.Path, "conf.d", "a.conf"), "location /a { proxy_pass http://a; }\n");
        File.WriteAllText(Path.Combine(directory.Path, "conf.d", "ignored.txt"), "this is not included;\n");
        var main = Path.Combine(directory.Path, "nginx.conf");
        File.WriteAllText(main, "http {\n  server {\n    include conf.d/*.conf;\n    listen 80;\n  }\n}\n");

        var config = NginxParser.ParseFile(main);

        var server = config.All().Single(directive => directive.Name == "server");
        Assert.Equal(["location", "location", "listen"], server.Children.Select(child => child.Name));
        Assert.Equal(["/a", "/b"], server.Named("location").Select(location => location.FirstArgument));
        Assert.Equal(new SourceLocation(Path.Combine(directory.Path, "conf.d", "b.conf"), 3), server.Named("location").Last().Location);
        Assert.Equal(3, config.Files.Count);
    }

    [Fact]
    public void AnIncludeOfAMissingFile_FailsAsNginxSaysIt()
    {
        using var directory = new TemporaryDirectory();
        var main = Path.Combine(directory.Path, "nginx.conf");
        File.WriteAllText(main, "events {}\ninclude missing.conf;\n");

        var error = Assert.Throws<ConfigSyntaxException>(() => NginxParser.ParseFile(main));

        Assert.Equal($"open() \"{Path.Combine(directory.Path, "missing.conf")}\" failed (2: No such file or directory)", error.Message);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void AnIncludeCycle_IsReported_NotFollowedForever()
    {
        using var directory = new TemporaryDirectory();
        var main = Path.Combine(directory.Path, "nginx.conf");
        File.WriteAllText(main, "include nginx.conf;\n");

        var error = Assert.Throws<ConfigSyntaxException>(() => NginxParser.ParseFile(main));

        Assert.Contains("include cycle", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http {\n  server {\n  }\n}\n}\n", "unexpected \"}\"", 5)]
    [InlineData("http {\n  server {\n    listen 80;\n", "unexpected end of file, expecting \"}\"", 3)]
    [InlineData("events {}\nworker_processes 2\n", "unexpected end of file, expecting \";\" or \"}\"", 2)]
    [InlineData("http {\n  ;\n}\n", "unexpected \";\"", 2)]
    [InlineData("add_header X \"unterminated;\n\n", "unexpected end of file in a string", 3)]
    [InlineData("add_header X \"a\"b;\n", "unexpected \"b\"", 1)]
    public void SyntaxErrors_NameTheLine(string text, string message, int line)
    {
        var error = Assert.Throws<ConfigSyntaxException>(() => NginxParser.ParseText(text, "/tmp/broken.conf"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Location.Line);
    }
}
