using System.Collections.Concurrent;
using Inbox.Web.Components.Workspace;

namespace Inbox.Web.Tests.Workspace;

/// <summary>How an open page's renderer gets heard events: in order, one batch at a time, everything that came meanwhile together.</summary>
public sealed class HeardBatchesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A renderer that holds each batch until the test lets it go.</summary>
    private sealed class SlowRenderer
    {
        private readonly BlockingCollection<(IReadOnlyList<int> Batch, TaskCompletionSource Done)> _calls = new();
        private int _inside, _mostInside;

        public int MostAtOnce => Volatile.Read(ref _mostInside);

        public async Task Deliver(IReadOnlyList<int> batch)
        {
            var inside = Interlocked.Increment(ref _inside);
            InterlockedMax(ref _mostInside, inside);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _calls.Add((batch.ToArray(), done));
            try { await done.Task; }
            finally { Interlocked.Decrement(ref _inside); }
        }

        public (IReadOnlyList<int> Batch, TaskCompletionSource Done) Next() =>
            _calls.TryTake(out var call, Patience) ? call : throw new TimeoutException("no batch was handed over");

        public bool Idle(TimeSpan wait) => !_calls.TryTake(out _, wait);

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
                if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
        }
    }

    [Fact]
    public void TheFirstEventGoesAtOnceAndWhatComesWhileItIsDrawnGoesNextInOneBatchInOrder()
    {
        var renderer = new SlowRenderer();
        var batches = new HeardBatches<int>(renderer.Deliver, 100, error => throw error);

        batches.Add(1);
        var first = renderer.Next();
        Assert.Equal(new[] { 1 }, first.Batch);

        batches.Add(2);
        batches.Add(3);
        batches.Add(4);
        Assert.True(renderer.Idle(TimeSpan.FromMilliseconds(200)), "a second batch was handed over while the first was being drawn");
        first.Done.SetResult();

        var second = renderer.Next();
        Assert.Equal(new[] { 2, 3, 4 }, second.Batch);
        second.Done.SetResult();
        Assert.True(renderer.Idle(TimeSpan.FromMilliseconds(100)));

        // Idle again: the next event goes at once, on its own.
        batches.Add(5);
        var third = renderer.Next();
        Assert.Equal(new[] { 5 }, third.Batch);
        third.Done.SetResult();
        Assert.Equal(1, renderer.MostAtOnce);
    }

    [Fact]
    public void APageTooFarBehindLosesTheOldest()
    {
        var renderer = new SlowRenderer();
        var batches = new HeardBatches<int>(renderer.Deliver, 3, error => throw error);

        batches.Add(1);
        var first = renderer.Next();
        for (var i = 2; i <= 7; i++) batches.Add(i);
        first.Done.SetResult();

        var second = renderer.Next();
        Assert.Equal(new[] { 5, 6, 7 }, second.Batch);
        second.Done.SetResult();
    }

    [Fact]
    public void ABatchThatFailsIsReportedAndTheNextOneStillGoes()
    {
        var failures = new ConcurrentQueue<Exception>();
        var delivered = new BlockingCollection<IReadOnlyList<int>>();
        var batches = new HeardBatches<int>(batch =>
        {
            if (batch.Contains(1)) throw new InvalidOperationException("the renderer refused");
            delivered.Add(batch.ToArray());
            return Task.CompletedTask;
        }, 100, failures.Enqueue);

        batches.Add(1);
        batches.Add(2);

        Assert.True(delivered.TryTake(out var next, Patience));
        Assert.Equal(new[] { 2 }, next);
        Assert.Equal("the renderer refused", Assert.Single(failures).Message);
    }

    [Fact]
    public void NothingIsHandedOverAfterStop()
    {
        var renderer = new SlowRenderer();
        var batches = new HeardBatches<int>(renderer.Deliver, 100, error => throw error);

        batches.Add(1);
        var first = renderer.Next();
        batches.Add(2);
        batches.Stop();
        first.Done.SetResult();
        batches.Add(3);

        Assert.True(renderer.Idle(TimeSpan.FromMilliseconds(300)), "a batch was handed over after Stop");
    }
}
