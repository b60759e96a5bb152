using WsProxyLab.Proxy.Hosting;
using WsProxyLab.Proxy.Tls;

if (args is ["certs", .. var rest])
{
    // WsProxyLab.Proxy certs [--out DIR]: a lab CA and a server certificate for wss:// with no manual step.
    var directory = rest is ["--out", var target, ..] ? target : "certs";
    var files = LabCertificates.Create(directory);
    Console.WriteLine($"CA certificate: {files.CaCertificate}");
    Console.WriteLine($"Server certificate: {files.ServerCertificate}");
    Console.WriteLine($"Server key: {files.ServerKey}");
    return 0;
}

// Socket completions run inline on the epoll threads (read once, when the first socket is made), as Kestrel's inline
// scheduling expects; set here so the proxy gets it however it is started.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var app = ProxyApplication.Create(args);
await app.RunAsync();
return 0;
