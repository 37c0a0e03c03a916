using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Fluence.Kernel.Plugins.Libp2p.Tests.Support;

/// <summary>Keeps every log line (to assert on "connection closed with a log line") and echoes it to the test output.</summary>
internal sealed class LogCollector(ITestOutputHelper? output, string name) : ILogger<Libp2pTransport>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public bool Contains(string fragment) => _lines.Any(l => l.Contains(fragment, StringComparison.Ordinal));

    public async Task WaitForAsync(string fragment, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!Contains(fragment))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no log line containing '{fragment}' in:\n{string.Join("\n", _lines)}");
            await Task.Delay(20);
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"[{name} {logLevel}] {formatter(state, exception)}";
        _lines.Enqueue(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test finished; background connections may still log while closing.
        }
    }
}
