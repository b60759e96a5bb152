using Microsoft.Extensions.Logging;

namespace WsProxyLab.AppHost;

/// <summary>Writes the orchestrator's events synchronously through <see cref="AppHostConsole"/>, one line each.</summary>
internal sealed class AppHostConsoleLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new AppHostConsoleLogger();

    public void Dispose()
    {
    }

    private sealed class AppHostConsoleLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var level = logLevel >= LogLevel.Error ? "fail" : logLevel == LogLevel.Warning ? "warn" : "info";
                AppHostConsole.WriteLine($"{DateTime.Now:HH:mm:ss} {level}: {formatter(state, exception)}", logLevel >= LogLevel.Error);
            }
        }
    }
}
