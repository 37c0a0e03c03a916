using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Particles.Tests.TestDoubles;

/// <summary>Debugging aid: when PARTICLES_TEST_LOG names a file, every peer's log goes there.</summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public static ILoggerFactory? FromEnvironment() =>
        Environment.GetEnvironmentVariable("PARTICLES_TEST_LOG") is { Length: > 0 } path
            ? LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(path)).SetMinimumLevel(LogLevel.Debug))
            : null;

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Gate)
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}\n");
        }
    }
}
