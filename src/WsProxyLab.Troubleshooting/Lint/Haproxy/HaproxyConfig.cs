namespace WsProxyLab.Troubleshooting.Lint.Haproxy;

/// <summary>A parsed HAProxy configuration: its sections in file order.</summary>
public sealed class HaproxyConfig
{
    internal HaproxyConfig(IReadOnlyList<HaproxySection> sections, string file)
    {
        Sections = sections;
        File = file;
    }

    /// <summary>The sections in the order written.</summary>
    public IReadOnlyList<HaproxySection> Sections { get; }

    /// <summary>The file read.</summary>
    public string File { get; }

    /// <summary>The <c>global</c> section, if any.</summary>
    public HaproxySection? Global => Sections.FirstOrDefault(section => section.Kind == "global");

    /// <summary>
    /// The defaults a proxy section takes: the one its <c>from</c> names, else the last <c>defaults</c> written before it.
    /// </summary>
    public HaproxySection? DefaultsOf(HaproxySection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section.From is { } from)
        {
            return Sections.LastOrDefault(candidate => candidate.Kind == "defaults" && candidate.Name == from);
        }

        return Sections.TakeWhile(candidate => candidate != section).LastOrDefault(candidate => candidate.Kind == "defaults");
    }

    /// <summary>The last line starting with <paramref name="words"/> in the section, else in its defaults.</summary>
    public HaproxyLine? Effective(HaproxySection section, params string[] words) =>
        section.Starting(words).LastOrDefault() ?? (DefaultsOf(section) is { } defaults ? defaults.Starting(words).LastOrDefault() : null);
}
