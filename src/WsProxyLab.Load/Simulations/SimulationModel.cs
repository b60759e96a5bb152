namespace WsProxyLab.Load.Simulations;

/// <summary>The two load models, which a scenario does not mix.</summary>
public enum SimulationModel
{
    /// <summary>A fixed number of copies, each starting its next invocation when the last ends.</summary>
    Closed,

    /// <summary>Invocations started at a rate, whether or not earlier ones ended.</summary>
    Open,

    /// <summary>A pause: no load, in either model.</summary>
    Either,
}
