namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>The file given to lint cannot be read or is not a configuration lint knows; the message is one line naming why.</summary>
public sealed class NotAConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotAConfigException()
    {
    }

    /// <summary>Creates the exception with its one-line reason.</summary>
    public NotAConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public NotAConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
