using System.Text.RegularExpressions;
using WsProxyLab.Load.Thresholds;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// Reads a threshold file: one <c>TARGETS MEASUREMENT: CONDITION</c> per line, <c>#</c> for comments. TARGETS is
/// <c>*</c>, <c>proxies</c> (all but direct) or a comma list; CONDITION is the engine's <c>[step:] metric op value</c> or
/// a figure condition. Every error names its line and expression.
/// </summary>
internal static partial class ThresholdFile
{
    public static IReadOnlyList<CompareThreshold> Parse(string path, CompareSuite suite)
    {
        var thresholds = new List<CompareThreshold>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            thresholds.Add(ParseLine(line, lineNumber, Path.GetFileName(path), suite));
        }

        return thresholds;
    }

    private static CompareThreshold ParseLine(string line, int lineNumber, string file, CompareSuite suite)
    {
        var where = $"{file} line {lineNumber} ('{line}')";
        var match = LineShape().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"{where} cannot be read; write 'TARGETS MEASUREMENT: CONDITION', e.g. '* echo-spread: echo: fail.count == 0'.");
        }

        var targetsText = match.Groups["targets"].Value;
        IReadOnlyList<string>? targets = targetsText switch
        {
            "*" => null,
            "proxies" => [.. CompareTargets.Names.Where(name => name != CompareTargets.Direct)],
            _ => targetsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        if (targets?.FirstOrDefault(target => !CompareTargets.Names.Contains(target)) is { } unknown)
        {
            throw new FormatException($"{where} names target '{unknown}'; write '*', 'proxies' or a comma list of {string.Join(", ", CompareTargets.Names)}.");
        }

        var measurement = match.Groups["measurement"].Value;
        if (suite.Measurements.All(candidate => candidate.Name != measurement))
        {
            throw new FormatException($"{where} names measurement '{measurement}', which suite '{suite.Name}' does not run; it runs {string.Join(", ", suite.Measurements.Select(candidate => candidate.Name))}.");
        }

        var condition = match.Groups["condition"].Value.Trim();
        try
        {
            return condition.StartsWith("figure.", StringComparison.Ordinal)
                ? new CompareThreshold(lineNumber, line, targets, measurement, null, FigureCondition.Parse(condition))
                : new CompareThreshold(lineNumber, line, targets, measurement, Threshold.Parse(condition), null);
        }
        catch (FormatException exception)
        {
            throw new FormatException($"{where}: {exception.Message}", exception);
        }
    }

    [GeneratedRegex(@"^(?<targets>\S+)\s+(?<measurement>[a-z0-9-]+)\s*:\s*(?<condition>.+)$")]
    private static partial Regex LineShape();
}
