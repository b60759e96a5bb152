using System.Text;
using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.Peers.Rendering;

/// <summary>What each target can and cannot do of one profile, as reports print it.</summary>
public sealed class CapabilityMatrix
{
    private CapabilityMatrix(ProxyProfile profile, IReadOnlyList<CapabilityNote> notes)
    {
        Profile = profile;
        Notes = notes;
    }

    /// <summary>The profile the matrix is for.</summary>
    public ProxyProfile Profile { get; }

    /// <summary>Every approximated or unsupported feature, by target.</summary>
    public IReadOnlyList<CapabilityNote> Notes { get; }

    /// <summary>Renders the profile for every target and collects their notes.</summary>
    public static CapabilityMatrix For(ProxyProfile profile, string scratchDirectory)
    {
        RenderedConfig[] renderings =
        [
            WsProxyRenderer.Render(profile),
            NginxRenderer.Render(profile, scratchDirectory),
            HaproxyRenderer.Render(profile, scratchDirectory),
            YarpRenderer.Render(profile),
        ];
        return new CapabilityMatrix(profile, [.. renderings.SelectMany(rendering => rendering.Notes)]);
    }

    /// <summary>A Markdown table: one row per note, or a line saying every target renders the whole profile.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder().Append("Profile `").Append(Profile.Name).Append("`: ");
        if (Notes.Count == 0)
        {
            return text.Append("every target renders all of it.\n").ToString();
        }

        text.Append("what the targets cannot fully express.\n\n| target | feature | support | what it does instead |\n|---|---|---|---|\n");
        foreach (var note in Notes)
        {
            text.Append("| ").Append(note.Target).Append(" | ").Append(note.Feature).Append(" | ")
                .Append(note.Support == CapabilitySupport.Unsupported ? "unsupported" : "approximated").Append(" | ").Append(note.Detail).Append(" |\n");
        }

        return text.ToString();
    }
}
