using System.Text;

namespace WsProxyLab.Peers.Rendering;

/// <summary>Builds a configuration file line by line, four spaces per nesting level, <c>\n</c> line ends.</summary>
internal sealed class ConfigWriter
{
    private readonly StringBuilder _text = new();

    public void Line(int depth, string line) => _text.Append(' ', depth * 4).Append(line).Append('\n');

    public override string ToString() => _text.ToString();
}
