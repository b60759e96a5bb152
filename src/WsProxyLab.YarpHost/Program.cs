// YARP as its documentation sets it up: routes and clusters from the ReverseProxy configuration section (appsettings,
// ReverseProxy__Routes__… environment variables or --ReverseProxy:… arguments), plus the lab's service defaults so it
// reports health and stops with its orchestrator like every other resource.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReverseProxy();
await app.RunAsync();
