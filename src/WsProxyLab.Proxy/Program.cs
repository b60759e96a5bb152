using WsProxyLab.Proxy.Hosting;

var app = ProxyApplication.Create(args);
await app.RunAsync();
