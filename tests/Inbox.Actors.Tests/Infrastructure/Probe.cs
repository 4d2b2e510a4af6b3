using System.Collections.Concurrent;

namespace Inbox.Actors.Tests;

/// <summary>A hand-written spy the test grains report to: what happened, in order, and how many ran at once.</summary>
public sealed class Probe
{
    private readonly ConcurrentQueue<string> _events = new();
    private int _running;
    private int _maxRunning;

    public IReadOnlyList<string> Events => _events.ToArray();

    /// <summary>How many activations of <see cref="FlakyGrain"/> should still fail.</summary>
    public int ActivationFailuresLeft;

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public void Record(string what) => _events.Enqueue(what);

    public int Count(string what) => _events.Count(e => e == what);

    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _running);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen) { }
        return new Exit(this);
    }

    private sealed class Exit(Probe probe) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref probe._running);
    }
}
