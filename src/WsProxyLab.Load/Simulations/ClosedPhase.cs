namespace WsProxyLab.Load.Simulations;

/// <summary>A closed simulation placed in time: copies go linearly from <paramref name="FromCopies"/> to <paramref name="ToCopies"/>.</summary>
/// <param name="Start">When the phase starts, from the run's start (for phases after an <see cref="IterationsForConstant"/>, from its end).</param>
/// <param name="Duration">How long it lasts; null while iterations remain (<see cref="Iterations"/>).</param>
/// <param name="FromCopies">Copies at its start.</param>
/// <param name="ToCopies">Copies at its end.</param>
/// <param name="Iterations">For <see cref="IterationsForConstant"/>: the invocations the phase runs, then ends.</param>
public readonly record struct ClosedPhase(TimeSpan Start, TimeSpan? Duration, int FromCopies, int ToCopies, long? Iterations)
{
    /// <summary>The copies wanted <paramref name="elapsed"/> into the phase (rounded; a ramp reaches its target at its end).</summary>
    public int CopiesAt(TimeSpan elapsed)
    {
        if (Duration is not { } duration || duration <= TimeSpan.Zero || FromCopies == ToCopies)
        {
            return ToCopies;
        }

        var fraction = Math.Clamp(elapsed / duration, 0, 1);
        return (int)Math.Round(FromCopies + ((ToCopies - FromCopies) * fraction), MidpointRounding.AwayFromZero);
    }
}
