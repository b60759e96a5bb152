using System.IO.Pipelines;

namespace WsProxyLab.Proxy.Transport;

/// <summary>One side of a connection's pair of pipes.</summary>
internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
