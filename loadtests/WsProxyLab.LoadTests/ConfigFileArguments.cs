using System.Text.Json;

namespace WsProxyLab.LoadTests;

/// <summary>
/// <c>run --config run.json</c>: the file's settings become command-line options before parsing, so they are validated
/// and reported exactly as typed options are; an option given on the command line wins over the file.
/// </summary>
internal static class ConfigFileArguments
{
    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        ["scenario"] = "--scenario",
        ["target"] = "--target",
        ["ca"] = "--ca",
        ["connections"] = "--connections",
        ["rate"] = "--rate",
        ["size"] = "--size",
        ["roomSize"] = "--room-size",
        ["heartbeat"] = "--heartbeat",
        ["ping"] = "--ping",
        ["duration"] = "--duration",
        ["warmup"] = "--warmup",
        ["reportDir"] = "--report-dir",
        ["thresholds"] = "--threshold",
    };

    /// <summary>The arguments with the config file's settings added; an error message instead when the file cannot be used.</summary>
    public static (string[] Arguments, string? Error) Expand(string[] arguments)
    {
        var index = Array.IndexOf(arguments, "--config");
        if (index < 0)
        {
            return (arguments, null);
        }

        if (index == arguments.Length - 1)
        {
            return (arguments, "--config needs a file: --config run.json.");
        }

        var path = arguments[index + 1];
        if (!File.Exists(path))
        {
            return (arguments, $"--config is '{path}', which does not exist.");
        }

        var rest = arguments.Take(index).Concat(arguments.Skip(index + 2)).ToList();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var setting in document.RootElement.EnumerateObject())
            {
                if (!OptionNames.TryGetValue(setting.Name, out var option))
                {
                    return (arguments, $"{path}: unknown setting '{setting.Name}'; use {string.Join(", ", OptionNames.Keys)}.");
                }

                if (rest.Contains(option))
                {
                    continue;
                }

                var values = setting.Value.ValueKind == JsonValueKind.Array ? setting.Value.EnumerateArray().ToList() : [setting.Value];
                foreach (var value in values)
                {
                    rest.Add(option);
                    rest.Add(value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? value.GetRawText() : value.GetString() ?? string.Empty);
                }
            }
        }
        catch (JsonException exception)
        {
            return (arguments, $"{path} is not valid JSON: {exception.Message}");
        }
        catch (InvalidOperationException exception)
        {
            return (arguments, $"{path}: {exception.Message}");
        }

        return ([.. rest], null);
    }
}
