using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace WsProxyLab.AppHost;

/// <summary>The AppHost's own settings: <c>--replicas N</c> on the command line, or the <c>Parameters:replicas</c> AppHost parameter.</summary>
internal sealed record LabSettings(int Replicas, string WorkDirectory)
{
    public const int DefaultReplicas = 3;
    public const int MaxReplicas = 16;

    /// <summary>Reads and validates the settings; <paramref name="error"/> names the bad value and the accepted range.</summary>
    public static bool TryRead(IConfiguration configuration, out LabSettings settings, out string? error)
    {
        var text = configuration["replicas"] ?? configuration["Parameters:replicas"];
        var replicas = DefaultReplicas;
        var valid = text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out replicas) && replicas is >= 1 and <= MaxReplicas);
        settings = new LabSettings(valid ? replicas : DefaultReplicas, Path.Combine(AppContext.BaseDirectory, "lab"));
        error = valid ? null : $"--replicas is '{text}'; choose a whole number from 1 to {MaxReplicas}.";
        return valid;
    }
}
