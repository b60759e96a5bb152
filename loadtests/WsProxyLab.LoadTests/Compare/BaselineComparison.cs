using System.Text.Json;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>An earlier run's medians (from its JSON report), to show each figure's change against.</summary>
internal sealed class BaselineComparison
{
    private readonly Dictionary<(string Measurement, string Target, string Figure), double> _medians;

    private BaselineComparison(string path, string startedAt, Dictionary<(string, string, string), double> medians)
    {
        Path = path;
        StartedAt = startedAt;
        _medians = medians;
    }

    public string Path { get; }

    public string StartedAt { get; }

    /// <summary>Reads a compare JSON report; throws <see cref="FormatException"/> naming the file when it is not one.</summary>
    public static BaselineComparison Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (!root.TryGetProperty("kind", out var kind) || kind.GetString() != "wsproxylab-compare")
            {
                throw new FormatException("it is not a compare report (no \"kind\": \"wsproxylab-compare\")");
            }

            var medians = new Dictionary<(string, string, string), double>();
            foreach (var measurement in root.GetProperty("measurements").EnumerateArray())
            {
                var name = measurement.GetProperty("name").GetString()!;
                foreach (var cell in measurement.GetProperty("cells").EnumerateArray())
                {
                    var target = cell.GetProperty("target").GetString()!;
                    foreach (var figure in cell.GetProperty("summary").EnumerateArray())
                    {
                        if (figure.GetProperty("median").ValueKind == JsonValueKind.Number)
                        {
                            medians[(name, target, figure.GetProperty("name").GetString()!)] = figure.GetProperty("median").GetDouble();
                        }
                    }
                }
            }

            return new BaselineComparison(path, root.GetProperty("startedAt").GetString() ?? "?", medians);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new FormatException($"--baseline '{path}' cannot be read: {exception.Message}", exception);
        }
        catch (FormatException exception)
        {
            throw new FormatException($"--baseline '{path}' cannot be read: {exception.Message}", exception);
        }
    }

    /// <summary>The change of <paramref name="now"/> against the baseline's median, in percent, or null when it had none (or zero).</summary>
    public double? ChangePercent(string measurement, string target, string figure, double now) =>
        _medians.TryGetValue((measurement, target, figure), out var then) && then != 0 && !double.IsInfinity(then) && !double.IsInfinity(now)
            ? 100.0 * (now - then) / Math.Abs(then)
            : null;
}
