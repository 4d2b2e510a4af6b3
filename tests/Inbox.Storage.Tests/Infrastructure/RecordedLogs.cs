using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Inbox.Storage.Tests;

/// <summary>Every log entry a silo or app writes, kept for assertions (e.g. "nothing at Error during the walk").</summary>
public sealed class RecordedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyCollection<Entry> Entries => _entries;

    public IEnumerable<Entry> AtLeast(LogLevel level) => _entries.Where(e => e.Level >= level);

    /// <summary>Entries at Error or above after the first <paramref name="count"/> (a count taken from <see cref="Entries"/> earlier).</summary>
    public IReadOnlyList<string> ErrorsSince(int count) => _entries.Skip(count).Where(e => e.Level >= LogLevel.Error).Select(e => e.ToString()).ToArray();

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        public DateTimeOffset At { get; } = DateTimeOffset.UtcNow;

        public override string ToString() => $"{At:HH:mm:ss.fff} {Level} {Category}: {Message}{(Exception is null ? "" : " — " + Exception.GetType().Name + ": " + Exception.Message)}";
    }

    private sealed class Recorder(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
