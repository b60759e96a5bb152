namespace WsProxyLab.Load.Running;

/// <summary>Scenarios that cannot run, with every reason.</summary>
public sealed class ScenarioValidationException : Exception
{
    /// <summary>Creates the exception for <paramref name="errors"/>.</summary>
    public ScenarioValidationException(IReadOnlyList<string> errors)
        : base("The scenarios cannot run:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(error => "- " + error))) =>
        Errors = errors;

    /// <summary>Every error, each saying what to change.</summary>
    public IReadOnlyList<string> Errors { get; }
}
