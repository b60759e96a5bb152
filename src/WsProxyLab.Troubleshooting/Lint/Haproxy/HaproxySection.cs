namespace WsProxyLab.Troubleshooting.Lint.Haproxy;

/// <summary>A section of a HAProxy configuration (<c>global</c>, <c>defaults</c>, <c>frontend</c>, <c>backend</c>, <c>listen</c>, …).</summary>
public sealed class HaproxySection
{
    internal HaproxySection(string kind, string name, string? from, SourceLocation location)
    {
        Kind = kind;
        Name = name;
        From = from;
        Location = location;
    }

    /// <summary>The section keyword.</summary>
    public string Kind { get; }

    /// <summary>The section's name; empty for <c>global</c> and an unnamed <c>defaults</c>.</summary>
    public string Name { get; }

    /// <summary>The defaults section named by <c>from</c>, when given.</summary>
    public string? From { get; }

    /// <summary>Where the section header was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>The section's keyword lines.</summary>
    public List<HaproxyLine> Lines { get; } = [];

    /// <summary>True for the sections that proxy traffic.</summary>
    public bool IsProxy => Kind is "frontend" or "backend" or "listen";

    /// <summary>True for a section that can hold servers.</summary>
    public bool HasServers => Kind is "backend" or "listen";

    /// <summary>The lines whose first words are <paramref name="words"/>.</summary>
    public IEnumerable<HaproxyLine> Starting(params string[] words) =>
        Lines.Where(line => line.Words.Count >= words.Length && words.Select((word, index) => line.Words[index] == word).All(same => same));

    /// <inheritdoc />
    public override string ToString() => Name.Length == 0 ? Kind : $"{Kind} {Name}";
}
