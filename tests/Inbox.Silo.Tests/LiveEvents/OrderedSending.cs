using System.Collections.Concurrent;
using Inbox.Silo.Events;

namespace Inbox.Silo.Tests.LiveEvents;

/// <summary>
/// One call in flight: what comes meanwhile goes next, as one batch, in order; an idle sender sends at once; bounded;
/// a failure loses only its batch; nothing after a stop.
/// </summary>
public sealed class OrderedSending
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A receiver that holds each call until the test lets it go, and counts how many were ever in flight at once.</summary>
    private sealed class HeldReceiver
    {
        private readonly BlockingCollection<(int[] Batch, TaskCompletionSource Done)> _calls = new();
        private int _inside, _mostInside;

        public int MostAtOnce => Volatile.Read(ref _mostInside);

        public async Task Receive(int[] batch)
        {
            var inside = Interlocked.Increment(ref _inside);
            for (var seen = Volatile.Read(ref _mostInside); inside > seen; seen = Volatile.Read(ref _mostInside))
                if (Interlocked.CompareExchange(ref _mostInside, inside, seen) == seen) break;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _calls.Add((batch, done));
            try { await done.Task; }
            finally { Interlocked.Decrement(ref _inside); }
        }

        public (int[] Batch, TaskCompletionSource Done) Next() =>
            _calls.TryTake(out var call, Patience) ? call : throw new TimeoutException("no call was made");

        public bool Quiet(TimeSpan wait) => !_calls.TryTake(out _, wait);
    }

    [Fact]
    public void AnIdleSenderSendsAtOnceAndNeverHasTwoCallsInFlight()
    {
        var receiver = new HeldReceiver();
        var sender = new OrderedSender<int>(receiver.Receive, capacity: 100);

        sender.Enqueue([1]);
        var first = receiver.Next();
        Assert.Equal([1], first.Batch);
        sender.Enqueue([2]);
        sender.Enqueue([3]);
        sender.Enqueue([4]);
        Assert.True(receiver.Quiet(TimeSpan.FromMilliseconds(200)), "a second call was made while the first was under way");
        first.Done.SetResult();

        var second = receiver.Next();
        Assert.Equal([2, 3, 4], second.Batch);
        second.Done.SetResult();
        Assert.True(receiver.Quiet(TimeSpan.FromMilliseconds(100)));

        // Idle again: the next item goes at once, on its own.
        sender.Enqueue([5]);
        var third = receiver.Next();
        Assert.Equal([5], third.Batch);
        third.Done.SetResult();
        Assert.Equal(1, receiver.MostAtOnce);
    }

    [Fact]
    public async Task NothingIsSentAfterStopAndTheStopWaitsForTheCallInFlight()
    {
        var receiver = new HeldReceiver();
        var sender = new OrderedSender<int>(receiver.Receive, capacity: 100);

        sender.Enqueue([1]);
        var first = receiver.Next();
        sender.Enqueue([2]);
        var stopped = sender.StopAsync();
        Assert.False(stopped.IsCompleted, "the stop did not wait for the call under way");
        sender.Enqueue([3]);
        first.Done.SetResult();
        await stopped.WaitAsync(Patience);

        sender.Enqueue([4]);
        Assert.True(receiver.Quiet(TimeSpan.FromMilliseconds(300)), "a call was made after the stop");
        Assert.True(sender.StopAsync().IsCompleted, "a stopped, idle sender has nothing to wait for");
    }

    [Fact]
    public async Task ItemsQueuedWhileACallIsUnderWayGoInTheNextCallInOrder()
    {
        var first = new TaskCompletionSource();
        var calls = new List<int[]>();
        var sender = new OrderedSender<int>(async batch =>
        {
            lock (calls) calls.Add(batch);
            if (batch[0] == 1) await first.Task;
        }, capacity: 100);

        sender.Enqueue([1]);
        sender.Enqueue([2]);
        sender.Enqueue([3, 4]);
        Assert.Single(Calls());
        first.SetResult();

        await Eventually.True(() => Calls().Count == 2, "the second call");
        Assert.Equal([[1], [2, 3, 4]], Calls());

        List<int[]> Calls()
        {
            lock (calls) return [.. calls];
        }
    }

    [Fact]
    public async Task AReceiverThatFallsBehindLosesTheOldestItems()
    {
        var first = new TaskCompletionSource();
        var sent = new List<int>();
        var sender = new OrderedSender<int>(async batch =>
        {
            if (batch[0] == 0) await first.Task;
            lock (sent) sent.AddRange(batch);
        }, capacity: 3);

        sender.Enqueue([0]);
        sender.Enqueue(Enumerable.Range(1, 9));
        first.SetResult();

        await Eventually.True(() => { lock (sent) return sent.Contains(9); }, "the newest");
        lock (sent) Assert.Equal([0, 7, 8, 9], sent);
        Assert.Equal(6, sender.Dropped);
    }

    [Fact]
    public async Task AFailedCallLosesItsBatchAndTheNextOnesStillGo()
    {
        var errors = new List<Exception>();
        var sent = new List<int>();
        var sender = new OrderedSender<int>(batch =>
        {
            if (batch.Contains(1)) throw new InvalidOperationException("the node is gone");
            lock (sent) sent.AddRange(batch);
            return Task.CompletedTask;
        }, capacity: 10, failed: error => { lock (errors) errors.Add(error); }, offCallersThread: true);

        sender.Enqueue([1]);
        await Eventually.True(() => { lock (errors) return errors.Count == 1; }, "the failure reported");
        sender.Enqueue([2]);

        await Eventually.True(() => { lock (sent) return sent.Count == 1; }, "the next batch");
        lock (sent) Assert.Equal([2], sent);
    }
}
