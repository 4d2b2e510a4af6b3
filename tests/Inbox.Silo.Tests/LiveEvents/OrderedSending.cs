using Inbox.Silo.Events;

namespace Inbox.Silo.Tests.LiveEvents;

/// <summary>One call in flight: what comes meanwhile goes next, as one batch, in order; bounded; a failure loses only its batch.</summary>
public sealed class OrderedSending
{
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
        }, capacity: 10, failed: error => { lock (errors) errors.Add(error); }, offGrainContext: true);

        sender.Enqueue([1]);
        await Eventually.True(() => { lock (errors) return errors.Count == 1; }, "the failure reported");
        sender.Enqueue([2]);

        await Eventually.True(() => { lock (sent) return sent.Count == 1; }, "the next batch");
        lock (sent) Assert.Equal([2], sent);
    }
}
