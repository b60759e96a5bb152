namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>The endpoint cannot be reached at all (no TCP connection): doctor stops with this one line and exits 1.</summary>
public sealed class EndpointUnreachableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EndpointUnreachableException()
    {
    }

    /// <summary>Creates the exception with its one-line reason.</summary>
    public EndpointUnreachableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public EndpointUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
