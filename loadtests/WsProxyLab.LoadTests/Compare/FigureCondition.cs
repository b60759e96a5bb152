using System.Globalization;
using System.Text.RegularExpressions;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// A condition on a cell's median figure, alone or as a ratio to another target's in the same run:
/// <c>figure.same_replica == 100</c>, <c>figure.cpu_per_msg &lt;= 2 x nginx</c>.
/// </summary>
internal sealed partial record FigureCondition(string Figure, string Operator, double Limit, string? RelativeTo)
{
    public const string Grammar = "'figure.NAME op VALUE' or 'figure.NAME op VALUE x TARGET', e.g. 'figure.lost == 0' or 'figure.cpu_per_msg <= 2 x nginx'";

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static FigureCondition Parse(string text)
    {
        var match = Expression().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' cannot be read; write {Grammar}.");
        }

        var relativeTo = match.Groups["target"].Success ? match.Groups["target"].Value : null;
        if (relativeTo is not null && !CompareTargets.Names.Contains(relativeTo))
        {
            throw new FormatException($"'{text}' compares to '{relativeTo}', which is not a target; choose from {string.Join(", ", CompareTargets.Names)}.");
        }

        return new FigureCondition(match.Groups["figure"].Value, match.Groups["op"].Value, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture), relativeTo);
    }

    /// <summary>Whether <paramref name="target"/>'s cell passes, and the value compared.</summary>
    public (bool Passed, string Message) Evaluate(CompareResult run, string measurement, string target)
    {
        double? actual = RelativeTo is null ? run.Median(measurement, target, Figure) : run.Ratio(measurement, target, Figure, RelativeTo);
        if (actual is not { } value)
        {
            return (false, RelativeTo is null
                ? $"no figure '{Figure}' was measured"
                : $"no ratio: '{Figure}' was not measured for both {target} and {RelativeTo}");
        }

        var passed = Operator switch
        {
            "<" => value < Limit,
            "<=" => value <= Limit,
            ">" => value > Limit,
            ">=" => value >= Limit,
            _ => value == Limit,
        };
        var shown = string.Create(CultureInfo.InvariantCulture, $"{value:0.###}{(RelativeTo is null ? string.Empty : $" x {RelativeTo}")}");
        return (passed, passed ? $"was {shown}" : $"failed: the value was {shown}");
    }

    [GeneratedRegex(@"^\s*figure\.(?<figure>[a-z0-9_]+)\s*(?<op><=|>=|==|<|>)\s*(?<value>\d+(?:\.\d+)?)\s*(?:x\s+(?<target>[a-z]+))?\s*$")]
    private static partial Regex Expression();
}
