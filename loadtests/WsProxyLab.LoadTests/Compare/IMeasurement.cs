using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>One row group of a comparison: scenarios run against each target in turn, and the figures they yield.</summary>
internal interface IMeasurement
{
    /// <summary>Its name in reports and threshold files (<c>echo-spread</c>, <c>sticky-cookie</c>, …).</summary>
    string Name { get; }

    /// <summary>The question it answers: Upgrade, Timeouts, Buffering, TLS, Sticky or Performance.</summary>
    string Concern { get; }

    /// <summary>One sentence saying what is measured and how.</summary>
    string Description { get; }

    /// <summary>The profile the targets run for it.</summary>
    ProfileVariant Variant { get; }

    /// <summary>The step whose latency histogram the report draws as percentile curves.</summary>
    string LatencyStep { get; }

    /// <summary>Why it means nothing for <paramref name="target"/> (the direct baseline has no proxy to misconfigure), or null.</summary>
    string? WhyNotApplicable(string target) => null;

    /// <summary>The engine's scenarios; the first is the primary one, whose successful invocations are the units of CPU per unit.</summary>
    IReadOnlyList<ScenarioProps> Build(MeasurementInput input);

    /// <summary>What happens beside the load (a replica stopped mid-run); returns when the load may end.</summary>
    Task AlongsideAsync(MeasurementInput input, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Puts the lab back as it was after <see cref="AlongsideAsync"/> (the stopped replica started again).</summary>
    Task RestoreAsync(MeasurementInput input, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The figures of one run.</summary>
    IReadOnlyList<Figure> Figures(MeasurementOutput output);

    /// <summary>Counts worth drawing (close codes, replicas), by name.</summary>
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output) =>
        new Dictionary<string, IReadOnlyDictionary<string, long>>();
}
