using System.Collections.Concurrent;

namespace Inbox.Storage.Tests;

/// <summary>A hand-written spy the test grains report to: what happened, in order.</summary>
public sealed class Probe
{
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => _events.ToArray();

    public void Record(string what) => _events.Enqueue(what);
}
