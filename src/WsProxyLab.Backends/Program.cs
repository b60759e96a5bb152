using WsProxyLab.Backends.Hosting;

var app = BackendApplication.Create(args);
await app.RunAsync();
