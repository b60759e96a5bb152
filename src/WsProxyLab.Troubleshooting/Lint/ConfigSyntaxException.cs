namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>A configuration that does not parse, with where, worded as the server's own check words it.</summary>
public sealed class ConfigSyntaxException : Exception
{
    /// <summary>Creates the exception for <paramref name="location"/>.</summary>
    public ConfigSyntaxException(string message, SourceLocation location)
        : base(message) => Location = location;

    /// <summary>Creates the exception without a location (use the other constructor).</summary>
    public ConfigSyntaxException()
        : this("The configuration does not parse.", new SourceLocation("?", 0))
    {
    }

    /// <summary>Creates the exception without a location (use the other constructor).</summary>
    public ConfigSyntaxException(string message)
        : this(message, new SourceLocation("?", 0))
    {
    }

    /// <summary>Creates the exception without a location (use the other constructor).</summary>
    public ConfigSyntaxException(string message, Exception innerException)
        : base(message, innerException) => Location = new SourceLocation("?", 0);

    /// <summary>The file and line where parsing stopped.</summary>
    public SourceLocation Location { get; }
}
